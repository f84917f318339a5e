namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// Buy-and-hold of the recorded bars compared with the strategy (docs/metrics.md, "Buy-and-hold benchmark").
/// Null members could not be computed (fewer than two common days, or no variance).
/// </summary>
public sealed record Benchmark(string Symbol, double ReturnPct, int CommonDays, double? Correlation, double? Beta);
