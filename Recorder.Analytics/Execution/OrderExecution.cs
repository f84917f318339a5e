namespace QuantowerRecorder.Analytics;

/// <summary>
/// Execution quality of one order. Slippage is quantity-weighted over its fills, positive = worse for the trader;
/// null when the order has no reference price (see docs/metrics.md, "Execution quality").
/// </summary>
public sealed record OrderExecution
{
    /// <summary>The order.</summary>
    public required string OrderId { get; init; }

    /// <summary>The symbol.</summary>
    public required string Symbol { get; init; }

    /// <summary>Buy or sell.</summary>
    public required Side Side { get; init; }

    /// <summary>The order type.</summary>
    public required OrderType Type { get; init; }

    /// <summary>The last known status.</summary>
    public required OrderStatus Status { get; init; }

    /// <summary>Ordered quantity.</summary>
    public required double Quantity { get; init; }

    /// <summary>Sum of the quantities of its fills.</summary>
    public required double FilledQuantity { get; init; }

    /// <summary>Filled / ordered quantity, 0..1 (null when the ordered quantity is 0).</summary>
    public required double? FillRatio { get; init; }

    /// <summary>Number of fills.</summary>
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

    /// <summary>Submission to first fill, in milliseconds.</summary>
    public required double? LatencyFirstFillMs { get; init; }

    /// <summary>Submission to the fill that completed the ordered quantity, in milliseconds.</summary>
    public required double? LatencyFullFillMs { get; init; }
}
