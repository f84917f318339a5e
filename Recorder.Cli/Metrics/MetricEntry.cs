namespace QuantowerRecorder.Cli.Metrics;

/// <summary>One stored metric of a run (a row of run_metrics_kv).</summary>
internal sealed record MetricEntry(string Key, double? Value, string? Unit);
