using QuantowerRecorder.Analytics.Stats;

namespace QuantowerRecorder.Analytics;

/// <summary>
/// The deflated Sharpe ratio (Bailey and López de Prado 2014) of a run against its trials, from the moments its
/// metrics store: one computation for the run's analysis and for whoever reads the run later (a study), so that both
/// give the same number (docs/metrics.md, "Deflated Sharpe").
/// </summary>
public static class DeflatedSharpeRatio
{
    /// <summary>
    /// SR₀ annualised, and DSR = Φ((SR − SR₀) √(n − 1) / √(1 − γ₃ SR + (γ₄ − 1)/4 SR²)) with SR = Sharpe / √P per
    /// period and SR₀ the expected best of N trials of per-period variance V / P. Null (both) with fewer than 2
    /// trials; the probability alone is null with fewer than 3 observations or a radicand ≤ 0.
    /// </summary>
    public static (double Threshold, double? Probability)? Of(SharpeMoments run, SharpeTrials trials)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(trials);
        if (trials.Count < MinimumTrials || run.PeriodsPerYear < 1)
        {
            return null;
        }

        var root = Math.Sqrt(run.PeriodsPerYear);
        var sr = run.Sharpe / root;
        var threshold = RatioStatistics.ExpectedMaxSharpe(trials.Count, trials.AnnualisedSharpeVariance / run.PeriodsPerYear);
        var radicand = 1 - (run.Skewness * sr) + ((run.Kurtosis - 1) / 4 * sr * sr);
        double? probability = run.Observations < 3 || !(radicand > 0)
            ? null
            : Normal.Cdf((sr - threshold) * Math.Sqrt(run.Observations - 1) / Math.Sqrt(radicand));
        return (threshold * root, probability);
    }

    /// <summary>Trials the ratio needs: Φ⁻¹(1 − 1/N) is −∞ at N = 1, and their variance needs two Sharpe ratios.</summary>
    public const int MinimumTrials = 2;
}
