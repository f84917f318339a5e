namespace QuantowerRecorder.Analytics;

/// <summary>
/// How many variants (instances, parameter sets) of the strategy were tried, and how much their annualised Sharpe
/// ratios varied: the input of the deflated Sharpe ratio.
/// </summary>
public sealed record SharpeTrials(int Count, double AnnualisedSharpeVariance)
{
    /// <summary>
    /// From the annualised Sharpe ratios of all trials (this run's included): count and sample variance, summed in
    /// ascending order so that the same ratios give the same bits whichever order they were read in.
    /// </summary>
    public static SharpeTrials FromSharpes(IReadOnlyList<double> annualisedSharpes)
    {
        ArgumentNullException.ThrowIfNull(annualisedSharpes);
        var sorted = annualisedSharpes.Order().ToArray();
        return new SharpeTrials(sorted.Length, Stats.Moments.SampleVariance(sorted) ?? 0.0);
    }
}
