namespace QuantowerRecorder.Storage.Queries;

/// <summary>The newest recorded state of one order of a run, with its first OCO group.</summary>
public sealed record OrderRow
{
    public required string OrderId { get; init; }

    /// <summary>The order it belongs to (a bracket's entry), if any.</summary>
    public string? ParentOrderId { get; init; }

    public required string Symbol { get; init; }

    public string? AccountId { get; init; }

    /// <summary>BUY or SELL.</summary>
    public required string Side { get; init; }

    /// <summary>MARKET, LIMIT, STOP, STOP_LIMIT, … as stored.</summary>
    public required string OrderType { get; init; }

    /// <summary>Time in force as the platform named it, upper-cased; null when it gave none.</summary>
    public string? Tif { get; init; }

    /// <summary>The order's total quantity in its stored snapshot; positive.</summary>
    public double Quantity { get; init; }

    /// <summary>Limit price; null when the order has none or the platform gave NaN or infinity.</summary>
    public double? Price { get; init; }

    /// <summary>Stop (trigger) price; null when the order has none or the platform gave NaN or infinity.</summary>
    public double? StopPrice { get; init; }

    /// <summary>
    /// The status of the stored snapshot (the newest by update time, then sequence), upper-case; CANCELLED reads as
    /// CANCELED.
    /// </summary>
    public required string Status { get; init; }

    /// <summary>ISO-8601 UTC text; the snapshot's event time when the platform gave no submit time.</summary>
    public required string SubmitUtc { get; init; }

    /// <summary>When its newest state was recorded.</summary>
    public string? UpdateUtc { get; init; }

    /// <summary>
    /// The cumulative filled quantity the platform reported with the stored snapshot, not a sum of the fills; null when
    /// it reported none (or a negative or non-finite one).
    /// </summary>
    public double? FilledQuantity { get; init; }

    /// <summary>
    /// The average fill price the platform reported with the stored snapshot, not computed from the fills; null when it
    /// reported none (or a non-finite one).
    /// </summary>
    public double? AvgFillPrice { get; init; }

    /// <summary>The strategy's tag or comment.</summary>
    public string? ClientTag { get; init; }

    /// <summary>OPEN, CLOSE, REVERSE or UNKNOWN.</summary>
    public required string PositionImpact { get; init; }

    /// <summary>The first OCO group it was linked to, if any (<see cref="ITradingReader.OcoGroups"/> has them all).</summary>
    public string? OcoGroupId { get; init; }

    /// <summary>Its role in that group (ENTRY, STOP_LOSS, TAKE_PROFIT, …).</summary>
    public string? OcoRole { get; init; }
}
