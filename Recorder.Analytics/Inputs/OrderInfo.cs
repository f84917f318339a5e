namespace QuantowerRecorder.Analytics;

/// <summary>
/// The newest known state of one order (a row of <c>orders</c>, with its OCO link if any).
/// Prices that do not apply are null. Times are UTC.
/// </summary>
public sealed record OrderInfo(
    string OrderId,
    string Symbol,
    Side Side,
    OrderType Type,
    double Quantity,
    OrderStatus Status,
    DateTime SubmitTimeUtc)
{
    /// <summary>The account (<c>orders.account_id</c>); empty when unknown.</summary>
    public string Account { get; init; } = "";

    /// <summary>Limit price (<c>orders.price</c>) of LIMIT and STOP_LIMIT orders.</summary>
    public double? LimitPrice { get; init; }

    /// <summary>
    /// The limit price of the order's first snapshot, when known: whether an order could fill when it was submitted
    /// is decided by the prices it was submitted with, not by where it was moved later.
    /// </summary>
    public double? InitialLimitPrice { get; init; }

    /// <summary>Stop (trigger) price (<c>orders.stop_price</c>) of STOP and STOP_LIMIT orders, newest snapshot.</summary>
    public double? StopPrice { get; init; }

    /// <summary>
    /// The stop price of the order's first snapshot, when known. A trailed or moved stop keeps only its newest
    /// price in <c>orders</c>; the R multiple needs the price the stop had when the trade was entered.
    /// </summary>
    public double? InitialStopPrice { get; init; }

    /// <summary>When the order last changed (<c>orders.update_utc</c>): for a finished order, when it finished.</summary>
    public DateTime? LastUpdateUtc { get; init; }

    /// <summary>The strategy's tag (<c>orders.client_tag</c>): a trade's entry and exit tags come from here.</summary>
    public string? ClientTag { get; init; }

    /// <summary>Role in its OCO group (<c>order_oco_links.oco_role</c>).</summary>
    public OcoRole OcoRole { get; init; }

    /// <summary>The OCO group (<c>order_oco_links.oco_group_id</c>), if any.</summary>
    public string? OcoGroupId { get; init; }

    /// <summary>The parent order (<c>orders.parent_order_id</c>), e.g. the entry of a bracket.</summary>
    public string? ParentOrderId { get; init; }

    /// <summary>Tick size of the symbol, if the order knows it (overrides the run's).</summary>
    public double? TickSize { get; init; }

    /// <summary>Money value of one tick for one unit of quantity, if known (overrides tick size × point value).</summary>
    public double? TickValue { get; init; }
}
