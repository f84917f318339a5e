namespace QuantowerRecorder.Analytics;

/// <summary>
/// Execution quality of one order. Slippage is quantity-weighted over its fills, positive = worse for the trader;
/// null when the order has no reference price (see docs/metrics.md, "Execution quality").
/// </summary>
public sealed record OrderExecution
{
    public required string OrderId { get; init; }

    public required string Symbol { get; init; }

    public required Side Side { get; init; }

    public required OrderType Type { get; init; }

    /// <summary>From <c>orders.status</c> (the stored snapshot); the run's cancel and reject rates count it.</summary>
    public required OrderStatus Status { get; init; }

    /// <summary>Ordered quantity.</summary>
    public required double Quantity { get; init; }

    /// <summary>Sum of the quantities of its fills.</summary>
    public required double FilledQuantity { get; init; }

    /// <summary>Filled / ordered quantity, capped at 1 (null when the ordered quantity is 0).</summary>
    public required double? FillRatio { get; init; }

    /// <summary>Quantity filled beyond the ordered quantity (0 normally); such an order has a fill ratio of 1.</summary>
    public double OverfilledQuantity { get; init; }

    /// <summary>
    /// Whether the order could fill at once when submitted: a market order, or a limit/stop order whose price was
    /// already reached by the last bar close before submission; null when that price is not known.
    /// </summary>
    public bool? Marketable { get; init; }

    /// <summary>Submission to first fill of an order that was not marketable (resting), in milliseconds.</summary>
    public double? TimeToFillMs { get; init; }

    /// <summary>
    /// The order's fills in the run; 0 when it never filled (then <see cref="AverageFillPrice"/> is null).
    /// </summary>
    public required int FillCount { get; init; }

    /// <summary>Quantity-weighted average fill price; null without fills.</summary>
    public required double? AverageFillPrice { get; init; }

    /// <summary>Limit price, stop price, or last bar close before submission (market orders).</summary>
    public required double? ReferencePrice { get; init; }

    /// <summary>Average slippage per unit, in price.</summary>
    public required double? SlippagePrice { get; init; }

    /// <summary>Average slippage per unit, in ticks; null when the tick size is unknown.</summary>
    public required double? SlippageTicks { get; init; }

    /// <summary>Total slippage in money over all fills.</summary>
    public required double? SlippageMoney { get; init; }

    /// <summary>Submission to first fill of a marketable order, in milliseconds.</summary>
    public required double? LatencyFirstFillMs { get; init; }

    /// <summary>Submission to the fill that completed the ordered quantity of a marketable order, in milliseconds.</summary>
    public required double? LatencyFullFillMs { get; init; }
}
