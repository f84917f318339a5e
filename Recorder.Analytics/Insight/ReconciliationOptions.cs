namespace QuantowerRecorder.Analytics.Insight;

/// <summary>Choices of a reconciliation.</summary>
public sealed record ReconciliationOptions
{
    public static ReconciliationOptions Default { get; } = new();

    /// <summary>
    /// Largest difference of entry times for two trades (same symbol and side) to be the same trade. Default 60 s:
    /// a live entry reacts to the same bar close as the backtest's, a few seconds later at most on minute bars.
    /// </summary>
    public TimeSpan EntryTolerance { get; init; } = TimeSpan.FromSeconds(60);
}
