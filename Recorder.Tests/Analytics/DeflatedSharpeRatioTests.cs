using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Stats;

namespace QuantowerRecorder.Tests.Analytics;

/// <summary>The deflated Sharpe ratio from a run's stored moments and its trials (docs/metrics.md, "Deflated Sharpe").</summary>
public sealed class DeflatedSharpeRatioTests
{
    [Test]
    public void The_ratio_from_the_moments_is_the_papers_formula_worked_by_hand()
    {
        // P = 4: an annualised Sharpe of 1 is 0.5 per period. n = 5, skewness 0, kurtosis 3 (normal).
        // Two trials of annualised variance 4: per period 1, SR₀ = 1 × ((1 − γ) Φ⁻¹(½) + γ Φ⁻¹(1 − 1/(2e))) = γ Φ⁻¹(1 − 1/(2e)).
        // radicand = 1 − 0 + (3 − 1)/4 × 0.25 = 1.125; DSR = Φ((0.5 − SR₀) × √4 / √1.125).
        const double gamma = 0.5772156649015329;
        var sr0 = gamma * Normal.InverseCdf(1 - (1 / (2 * Math.E)));
        var run = new SharpeMoments(Sharpe: 1, PeriodsPerYear: 4, Observations: 5, Skewness: 0, Kurtosis: 3);

        var (threshold, probability) = DeflatedSharpeRatio.Of(run, new SharpeTrials(2, 4))!.Value;

        Assert.That(threshold, Is.EqualTo(sr0 * 2).Within(1e-12), "SR₀ annualised: × √4");
        Assert.That(probability, Is.EqualTo(Normal.Cdf((0.5 - sr0) * 2 / Math.Sqrt(1.125))).Within(1e-12));

        // Skewness 1 and kurtosis 7: radicand 1 − 0.5 + 6/4 × 0.25 = 0.875.
        var skewed = DeflatedSharpeRatio.Of(run with { Skewness = 1, Kurtosis = 7 }, new SharpeTrials(2, 4))!.Value;
        Assert.That(skewed.Probability, Is.EqualTo(Normal.Cdf((0.5 - sr0) * 2 / Math.Sqrt(0.875))).Within(1e-12));
    }

    [Test]
    public void It_needs_two_trials_and_three_observations()
    {
        var run = new SharpeMoments(2, 252, 30, 0, 3);

        Assert.That(DeflatedSharpeRatio.Of(run, new SharpeTrials(1, 0)), Is.Null, "Φ⁻¹(1 − 1/1) is −∞: one trial is no population");
        Assert.That(DeflatedSharpeRatio.Of(run, new SharpeTrials(2, 0))!.Value.Threshold, Is.EqualTo(0), "no variance: nothing to deflate by");
        Assert.That(DeflatedSharpeRatio.Of(run with { Observations = 2 }, new SharpeTrials(2, 1))!.Value.Probability, Is.Null);
        Assert.That(DeflatedSharpeRatio.Of(run with { Observations = 3 }, new SharpeTrials(2, 1))!.Value.Probability, Is.Not.Null);
    }

    [Test]
    public void Trials_are_measured_in_one_order_whatever_order_they_were_read_in()
    {
        double[] sharpes = [0.3, 2.9, -1.7, 0.1, 5.5, 1e-9, 4.25];

        var forward = SharpeTrials.FromSharpes(sharpes);
        var backward = SharpeTrials.FromSharpes(sharpes.Reverse().ToArray());

        Assert.That(BitConverter.DoubleToInt64Bits(backward.AnnualisedSharpeVariance), Is.EqualTo(BitConverter.DoubleToInt64Bits(forward.AnnualisedSharpeVariance)));
        var mean = sharpes.Average();
        Assert.That(forward.AnnualisedSharpeVariance, Is.EqualTo(sharpes.Sum(s => (s - mean) * (s - mean)) / 6).Within(1e-12));
    }
}
