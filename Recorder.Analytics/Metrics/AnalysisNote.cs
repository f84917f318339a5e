namespace QuantowerRecorder.Analytics;

/// <summary>Why a metric is null or how it was computed unusually; <see cref="Key"/> is the metric's key.</summary>
public sealed record AnalysisNote(string Key, string Message);
