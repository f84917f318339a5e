namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// One recorded state of an order (from the raw log of order events), in any order: how a stop was moved. Only
/// the prices matter here; null when the state did not carry them.
/// </summary>
public sealed record OrderPriceState(string OrderId, DateTime TimeUtc, double? StopPrice, double? LimitPrice);
