namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// One run's side of a reconciliation: its closed trades (as <see cref="RunAnalyzer"/> builds them), its bars (for
/// the market price at each entry and exit) and its context (for the point value).
/// </summary>
public sealed record ReconciliationSide(IReadOnlyList<RoundTrip> Trades, IReadOnlyList<BarSeries> Bars, RunContext Context);
