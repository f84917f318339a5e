namespace QuantowerRecorder.Analytics.Equity;

/// <summary>The equity points of a run with the facts measured while building them.</summary>
internal sealed record EquityCurve(
    IReadOnlyList<EquityPoint> Points,
    double InitialEquity,
    long StartTicks,
    long EndTicks,
    long ExposedTicks,
    bool HasBars);
