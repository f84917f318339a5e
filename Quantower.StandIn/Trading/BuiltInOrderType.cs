namespace TradingPlatform.BusinessLayer;

/// <summary>The platform's built-in order types (Id / Behavior per the spec's table). Internal to the stand-in.</summary>
internal sealed class BuiltInOrderType : OrderType
{
    private BuiltInOrderType(string connectionId, string id, string abbreviation, OrderTypeBehavior behavior)
        : base(TimeInForce.Day, TimeInForce.GTC, TimeInForce.IOC, TimeInForce.FOK)
    {
        this.ConnectionId = connectionId;
        this.Id = id;
        this.Abbreviation = abbreviation;
        this.Behavior = behavior;
        this.Usage = OrderTypeUsage.All;
    }

    public override string Id { get; }

    public override string Abbreviation { get; }

    public override OrderTypeBehavior Behavior { get; }

    internal static OrderType[] CreateAll(string connectionId) =>
    [
        new BuiltInOrderType(connectionId, Market, "MKT", OrderTypeBehavior.Market),
        new BuiltInOrderType(connectionId, Limit, "LMT", OrderTypeBehavior.Limit),
        new BuiltInOrderType(connectionId, Stop, "STP", OrderTypeBehavior.Stop),
        new BuiltInOrderType(connectionId, StopLimit, "STP LMT", OrderTypeBehavior.StopLimit),
        new BuiltInOrderType(connectionId, TrailingStop, "TRL", OrderTypeBehavior.TrailingStop),
        new BuiltInOrderType(connectionId, MarketIfTouched, "MIT", OrderTypeBehavior.Stop),
        new BuiltInOrderType(connectionId, LimitIfTouched, "LIT", OrderTypeBehavior.StopLimit),
    ];
}
