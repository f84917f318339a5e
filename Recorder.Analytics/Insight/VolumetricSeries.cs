namespace QuantowerRecorder.Analytics.Insight;

/// <summary>One symbol's volumetric bars, in any order; the duration as for <see cref="BarSeries.BarDuration"/>.</summary>
public sealed record VolumetricSeries(string Symbol, IReadOnlyList<VolumetricBar> Bars)
{
    /// <summary>How long one bar lasts; when null, the smallest gap between two consecutive bars.</summary>
    public TimeSpan? BarDuration { get; init; }
}
