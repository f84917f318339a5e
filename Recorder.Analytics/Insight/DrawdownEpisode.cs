namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// One drawdown: from the last point at a peak (<see cref="StartUtc"/>) down to its lowest point
/// (<see cref="ValleyUtc"/>) and back to the peak (<see cref="RecoveryUtc"/>, null when it never recovered).
/// <see cref="Length"/> runs from start to recovery, or to the last equity point. Depth is money (≥ 0).
/// </summary>
public sealed record DrawdownEpisode(DateTime StartUtc, DateTime ValleyUtc, DateTime? RecoveryUtc, double Depth, double? DepthPct, TimeSpan Length);
