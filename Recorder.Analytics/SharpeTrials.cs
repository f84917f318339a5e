namespace QuantowerRecorder.Analytics;

/// <summary>
/// How many variants (instances, parameter sets) of the strategy were tried, and how much their annualised Sharpe
/// ratios varied: the input of the deflated Sharpe ratio.
/// </summary>
public sealed record SharpeTrials(int Count, double AnnualisedSharpeVariance)
{
    /// <summary>From the annualised Sharpe ratios of all trials (this run's included): count and sample variance.</summary>
    public static SharpeTrials FromSharpes(IReadOnlyList<double> annualisedSharpes)
    {
        ArgumentNullException.ThrowIfNull(annualisedSharpes);
        return new SharpeTrials(annualisedSharpes.Count, Stats.Moments.SampleVariance(annualisedSharpes) ?? 0.0);
    }
}
