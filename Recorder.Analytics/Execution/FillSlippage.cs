namespace QuantowerRecorder.Analytics;

/// <summary>
/// Slippage of one fill against its order's reference price; positive = worse for the trader.
/// Only fills whose order is known and has a reference price get a row.
/// </summary>
public sealed record FillSlippage(
    string ExecutionId,
    string OrderId,
    OrderType OrderType,
    double ReferencePrice,
    double FillPrice,
    double Quantity,
    double SlippagePrice,
    double? SlippageTicks,
    double SlippageMoney);
