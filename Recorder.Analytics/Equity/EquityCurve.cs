namespace QuantowerRecorder.Analytics.Equity;

/// <summary>
/// The equity points of a run with the facts measured while building them. <see cref="Days"/> gives each point's
/// trading day (docs/metrics.md, "Trading day"): a fill's UTC date, a bar's close the UTC date of its open.
/// </summary>
internal sealed record EquityCurve(
    IReadOnlyList<EquityPoint> Points,
    IReadOnlyList<DateOnly> Days,
    double InitialEquity,
    long StartTicks,
    long EndTicks,
    long ExposedTicks,
    bool HasBars)
{
    /// <summary>The strides of <see cref="Points"/> marked on one stored series' bars (<see cref="EquityMarks"/>).</summary>
    public IReadOnlyList<EquityMarks> Marks { get; init; } = [];
}
