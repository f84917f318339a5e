namespace TradingPlatform.BusinessLayer;

public abstract class OrderType : BusinessObject, IComparable, IEquatable<OrderType>
{
    public const string Market = "Market";
    public const string Limit = "Limit";
    public const string Stop = "Stop";
    public const string TrailingStop = "Tr.stop";
    public const string StopLimit = "StopLimit";
    public const string MarketIfTouched = "MarketIfTouched";
    public const string LimitIfTouched = "LimitIfTouched";
    public const string Custom = "Custom";

    // The platform's class also has abstract GetFillPrice and Get*ConfirmMessage members, which the stand-in does not
    // mirror; a constructor no one outside can call keeps code that derives from OrderType from compiling here only.
    private protected OrderType(params TimeInForce[] allowedTimeInForce)
    {
        this.AllowedTifs = allowedTimeInForce ?? [];
    }

    public abstract string Id { get; }

    public virtual string Name => this.Id;

    public abstract string Abbreviation { get; }

    public virtual OrderTypeBehavior Behavior => OrderTypeBehavior.Unspecified;

    public OrderTypeUsage Usage { get; init; }

    public TimeInForce[] AllowedTifs { get; init; }

    public PriceMeasurement SLTPPriceMeasurement { get; init; }

    public static string Format(IOrder order) =>
        order == null ? null : Format(order.OrderTypeId, order.ConnectionId, order.PositionId, order.GroupId);

    public static string Format(string orderTypeId, string connectionId = null, string positionId = null, string groupId = null)
    {
        var type = Core.Instance.Connections[connectionId]?.BusinessObjects.OrderTypes
            .FirstOrDefault(t => string.Equals(t.Id, orderTypeId, StringComparison.Ordinal));
        return type != null ? type.Format(positionId, groupId) : orderTypeId;
    }

    public string Format(string positionId = null, string groupId = null)
    {
        if (!string.IsNullOrEmpty(positionId))
        {
            switch (this.Behavior)
            {
                case OrderTypeBehavior.Stop:
                    return $"{this.Name}(SL for {positionId})";
                case OrderTypeBehavior.Limit:
                    return $"{this.Name}(TP for {positionId})";
                case OrderTypeBehavior.TrailingStop:
                    return $"{this.Name}(Tr.stop for {positionId})";
            }
        }

        return !string.IsNullOrEmpty(groupId) ? $"{this.Name} (OCO)" : this.Name;
    }

    public int CompareTo(object obj) => obj is OrderType other ? string.CompareOrdinal(this.Name, other.Name) : 1;

    public bool Equals(OrderType other) =>
        other != null
        && string.Equals(this.Id, other.Id, StringComparison.Ordinal)
        && string.Equals(this.ConnectionId, other.ConnectionId, StringComparison.Ordinal);

    public override bool Equals(object obj) => this.Equals(obj as OrderType);

    public override int GetHashCode() => HashCode.Combine(this.Id, this.ConnectionId);
}
