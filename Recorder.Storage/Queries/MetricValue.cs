namespace QuantowerRecorder.Storage.Queries;

/// <summary>One stored metric of a run (docs/metrics.md): key, value (null when undefined) and unit.</summary>
public sealed record MetricValue(string Key, double? Value, string? Unit);
