namespace QuantowerRecorder.Analytics;

/// <summary>
/// One named number. <see cref="Value"/> is null when there is too little data or it is undefined; it is never NaN
/// or infinite. Keys are stable snake_case (<see cref="MetricKeys"/>); units are <see cref="MetricUnits"/>.
/// </summary>
public sealed record Metric(string Key, double? Value, string Unit);
