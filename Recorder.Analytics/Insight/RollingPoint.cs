namespace QuantowerRecorder.Analytics.Insight;

/// <summary>Rolling statistics of the window that ends on <see cref="Day"/>; null when the window's deviation is 0.</summary>
public readonly record struct RollingPoint(DateOnly Day, double? Sharpe, double? VolatilityPct);
