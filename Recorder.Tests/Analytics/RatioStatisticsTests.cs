using NUnit.Framework;
using QuantowerRecorder.Analytics.Stats;

namespace QuantowerRecorder.Tests.Analytics;

public sealed class RatioStatisticsTests
{
    // mean = 0.005; deviations 0.005, −0.025, 0.025, −0.005; Σd² = 0.0013; sample var = 0.0013 / 3;
    // sd = 0.0208166600; per-period SR = 0.005 / 0.0208166600 = 0.2401922307.
    private static readonly double[] Series = [0.01, -0.02, 0.03, 0.0];

    [Test]
    public void Sharpe_is_mean_over_sample_std_times_root_252()
    {
        // 0.2401922307 × √252 (15.8745079) = 3.8129334558.
        Assert.That(RatioStatistics.Sharpe(Series, 252), Is.EqualTo(3.8129334558).Within(1e-9));
    }

    [Test]
    public void Sortino_uses_downside_deviation_over_all_observations()
    {
        // Downside deviation = √((−0.02)² / 4) = 0.01; 0.005 / 0.01 = 0.5; × √252 = 7.9372539332.
        Assert.That(RatioStatistics.Sortino(Series, 252), Is.EqualTo(7.9372539332).Within(1e-9));
    }

    [Test]
    public void Probabilistic_sharpe_follows_bailey_and_lopez_de_prado()
    {
        // Population moments: m2 = 0.000325, m3 = 0, m4 = 1.95625e-7 → skew 0, kurtosis 1.8520710059.
        // Radicand 1 − 0 + (1.8520710059 − 1) / 4 × 0.2401922307² = 1.0122894857.
        // z = 0.2401922307 × √3 / √1.0122894857 = 0.4134921032; Φ(z) = 0.6603769466.
        Assert.That(RatioStatistics.ProbabilisticSharpe(Series, 0), Is.EqualTo(0.6603769466).Within(1e-9));
    }

    [Test]
    public void Expected_max_sharpe_of_100_trials_with_annual_variance_1()
    {
        // Per-period variance 1/252; √ = 0.0629940788; (1 − γ) Φ⁻¹(0.99) + γ Φ⁻¹(1 − 1/(100e))
        // = 0.4227843351 × 2.3263478740 + 0.5772156649 × 2.6801 … = 2.5306028932 / √252 per period.
        var perPeriod = RatioStatistics.ExpectedMaxSharpe(100, 1.0 / 252);
        Assert.That(perPeriod * Math.Sqrt(252), Is.EqualTo(2.5306028932).Within(1e-8));
        Assert.That(RatioStatistics.ExpectedMaxSharpe(1, 1.0), Is.EqualTo(0));
    }

    [Test]
    public void Value_at_risk_and_cvar_are_the_historical_5_percent_tail_as_positive_losses()
    {
        // 18 days of +1, one of −10 and one of −4. Sorted: −10, −4, 1, … (20 values).
        // q0.05: h = 19 × 0.05 = 0.95 → −10 + 0.95 × (−4 − (−10)) = −4.3 → VaR 4.3.
        // Observations ≤ −4.3: only −10 → CVaR 10.
        var series = Enumerable.Repeat(1.0, 18).Append(-10).Append(-4).ToArray();

        var risk = RatioStatistics.ValueAtRisk95(series);

        Assert.That(risk, Is.Not.Null);
        Assert.That(risk!.Value.Var, Is.EqualTo(4.3).Within(1e-12));
        Assert.That(risk.Value.Cvar, Is.EqualTo(10).Within(1e-12));
    }

    [Test]
    public void A_nan_among_the_returns_gives_a_nan_tail_not_an_exception()
    {
        // The quantile of a series holding NaN is NaN; the metric set then says the figure is not known.
        var series = Enumerable.Repeat(1.0, 19).Append(double.NaN).ToArray();

        var risk = RatioStatistics.ValueAtRisk95(series);

        Assert.That(risk, Is.Not.Null);
        Assert.That((double.IsNaN(risk!.Value.Var), double.IsNaN(risk.Value.Cvar)), Is.EqualTo((true, true)));
    }

    [Test]
    public void Too_few_observations_give_null_never_nan()
    {
        Assert.That(RatioStatistics.Sharpe([0.01], 252), Is.Null);
        Assert.That(RatioStatistics.Sharpe([0.01, 0.01, 0.01], 252), Is.Null, "no variation");
        Assert.That(RatioStatistics.Sortino([0.01, 0.02], 252), Is.Null, "no losing observation");
        Assert.That(RatioStatistics.ProbabilisticSharpe([0.01, -0.01], 0), Is.Null, "needs 3");
        Assert.That(RatioStatistics.ValueAtRisk95(Enumerable.Repeat(1.0, 19).ToArray()), Is.Null, "needs 20");
    }
}
