namespace QuantowerRecorder.Analytics;

/// <summary>
/// Mark-to-market equity at one instant: initial balance (0 when unknown) + cash flows of fills − fees + open
/// positions at their latest price. <see cref="Drawdown"/> is the fall from the running peak (≥ 0, money);
/// <see cref="DrawdownPct"/> is it as a percentage of that peak, null when the initial balance is unknown.
/// </summary>
public readonly record struct EquityPoint(DateTime TimeUtc, double Equity, double Drawdown, double? DrawdownPct);
