namespace QuantowerRecorder.Analytics.Insight;

/// <summary>One day's value of a daily series (a return as a fraction, or a PnL in money).</summary>
public readonly record struct DailyValue(DateOnly Day, double Value);
