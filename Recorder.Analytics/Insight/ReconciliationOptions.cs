namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// How loosely <see cref="Reconciler.Reconcile"/> matches a forward run's trades with its backtest's.
/// </summary>
public sealed record ReconciliationOptions
{
    public static ReconciliationOptions Default { get; } = new();

    /// <summary>
    /// Largest difference of entry times for two trades (same symbol and side) to be the same trade. Default 60 s:
    /// a live entry reacts to the same bar close as the backtest's, a few seconds later at most on minute bars.
    /// </summary>
    public TimeSpan EntryTolerance { get; init; } = TimeSpan.FromSeconds(60);
}
