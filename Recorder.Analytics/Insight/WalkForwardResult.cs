namespace QuantowerRecorder.Analytics.Insight;

/// <summary>The segments in time order and all of them together.</summary>
public sealed record WalkForwardResult(IReadOnlyList<WalkForwardSegment> Segments, WalkForwardSegment Overall);
