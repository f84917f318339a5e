namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// What the strategy saw when it decided to trade (marked through <c>RunRecorder</c>): when, at what price, which
/// side and how much it meant to trade. The price is the decision's benchmark for implementation shortfall.
/// </summary>
public sealed record DecisionMark(DateTime TimeUtc, double Price, Side Side, double Quantity);
