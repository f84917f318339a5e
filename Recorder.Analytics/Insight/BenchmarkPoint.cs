namespace QuantowerRecorder.Analytics.Insight;

/// <summary>One point of a buy-and-hold line (<see cref="BuyAndHold.Line"/>): when, and what the holding is worth.</summary>
public sealed record BenchmarkPoint(DateTime TimeUtc, double Value);
