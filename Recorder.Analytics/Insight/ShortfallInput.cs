namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// A run's orders, fills, bars and context, with the decision marks by order id (an order without one has no
/// decision: its delay is unknown).
/// </summary>
public sealed record ShortfallInput(
    IReadOnlyList<OrderInfo> Orders,
    IReadOnlyList<Fill> Fills,
    IReadOnlyList<BarSeries> Bars,
    RunContext Context,
    IReadOnlyDictionary<string, DecisionMark> Decisions);
