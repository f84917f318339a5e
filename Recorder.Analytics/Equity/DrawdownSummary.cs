namespace QuantowerRecorder.Analytics.Equity;

/// <summary>Money drawdowns are ≥ 0; the percentage is null when the initial balance is unknown.</summary>
internal sealed record DrawdownSummary(double Max, double? MaxPct, double Average, double LongestDays);
