namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// A run's orders, fills, bars and context, with the decision marks by order id (an order without one has no
/// decision: its delay is unknown), and its closed round trips.
/// </summary>
public sealed record ShortfallInput(
    IReadOnlyList<OrderInfo> Orders,
    IReadOnlyList<Fill> Fills,
    IReadOnlyList<BarSeries> Bars,
    RunContext Context,
    IReadOnlyDictionary<string, DecisionMark> Decisions)
{
    /// <summary>
    /// The run's closed round trips (<c>RunAnalysis.Trades</c>): a stop-loss or take-profit whose entry is an entry
    /// order of one of them had nothing left to close. Without them that rule finds nothing.
    /// </summary>
    public IReadOnlyList<RoundTrip> Trades { get; init; } = [];

    /// <summary>
    /// <see cref="Bars"/> already indexed by the run's analysis (<see cref="StartedAnalysis.Bars"/>); used only when it
    /// indexes that very list, else the bars are indexed here.
    /// </summary>
    public IndexedBars? Indexed { get; init; }
}
