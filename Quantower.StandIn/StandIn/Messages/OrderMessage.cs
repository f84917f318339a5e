namespace TradingPlatform.BusinessLayer.StandIn;

/// <summary>
/// A vendor's order message, as a test plays it (test control; the plugin never uses it). Fields left null keep the
/// order's current value, so an update only needs the fields that change.
/// </summary>
public sealed class OrderMessage
{
    public string OrderId { get; set; }

    public Account Account { get; set; }

    public Symbol Symbol { get; set; }

    public Side? Side { get; set; }

    public string OrderTypeId { get; set; }

    public double? TotalQuantity { get; set; }

    public double? FilledQuantity { get; set; }

    public double? Price { get; set; }

    public double? TriggerPrice { get; set; }

    public double? TrailOffset { get; set; }

    public OrderStatus? Status { get; set; }

    public string OriginalStatus { get; set; }

    public TimeInForce? TimeInForce { get; set; }

    public DateTime? ExpirationTime { get; set; }

    public DateTime? LastUpdateTime { get; set; }

    public double? AverageFillPrice { get; set; }

    public string PositionId { get; set; }

    public string GroupId { get; set; }

    public string Comment { get; set; }

    public SlTpHolder[] StopLossItems { get; set; }

    public SlTpHolder[] TakeProfitItems { get; set; }

    /// <summary>Extra vendor items; they become <see cref="TradingObject.AdditionalInfo"/> (null until sent).</summary>
    public IDictionary<string, object> AdditionalInfo { get; set; }
}
