using System.Globalization;
using TradingPlatform.BusinessLayer.Integration;
using TradingPlatform.BusinessLayer.StandIn;

namespace TradingPlatform.BusinessLayer;

public class Order : TradingObject, IMessageBuilder<MessageOpenOrder>, IOrder, ITradingObject, IUniqueID, IEquatable<Order>
{
    internal Order(string connectionId)
        : base(connectionId)
    {
    }

    /// <summary>Raised on every update, just before <see cref="Core.OrderAdded"/>; a plain delegate call.</summary>
    public event Action<IOrder> Updated;

    /// <summary>Documented as the MAM order group; the platform treats a non-empty value as OCO membership.</summary>
    public string GroupId { get; private set; }

    /// <summary>Set on SL/TP close orders that belong to a position.</summary>
    public string PositionId { get; private set; }

    public double TotalQuantity { get; private set; }

    public double FilledQuantity { get; private set; }

    public double RemainingQuantity => this.TotalQuantity - this.FilledQuantity;

    public string OrderTypeId { get; private set; }

    /// <summary>Looked up from the connection's order types; null-reference error once the connection is gone.</summary>
    public OrderType OrderType =>
        this.Connection.BusinessObjects.OrderTypes.FirstOrDefault(t => string.Equals(t.Id, this.OrderTypeId, StringComparison.Ordinal));

    public double Price { get; private set; } = double.NaN;

    public double TriggerPrice { get; private set; } = double.NaN;

    public double TrailOffset { get; private set; } = double.NaN;

    public OrderStatus Status { get; internal set; }

    public string OriginalStatus { get; private set; }

    public TimeInForce TimeInForce { get; private set; }

    public DateTime ExpirationTime { get; private set; }

    public DateTime LastUpdateTime { get; private set; }

    public double AverageFillPrice { get; private set; } = double.NaN;

    public SlTpHolder[] StopLossItems { get; private set; } = [];

    public SlTpHolder[] TakeProfitItems { get; private set; } = [];

    public SlTpHolder StopLoss => this.StopLossItems.Length > 0 ? this.StopLossItems[0] : null;

    public SlTpHolder TakeProfit => this.TakeProfitItems.Length > 0 ? this.TakeProfitItems[0] : null;

    public TradingOperationResult Cancel(string sendingSource = null) => Core.Instance.Cancel(this, sendingSource);

    public MessageOpenOrder BuildMessage() => new();

    public bool Equals(Order other) =>
        other != null
        && string.Equals(this.ConnectionId, other.ConnectionId, StringComparison.Ordinal)
        && string.Equals(this.Id, other.Id, StringComparison.Ordinal);

    public override bool Equals(object obj) => this.Equals(obj as Order);

    public override int GetHashCode() => HashCode.Combine(this.ConnectionId, this.Id);

    public override string ToString() =>
        string.Format(
            CultureInfo.InvariantCulture,
            "Id: {0}, Symbol: {1}, Account: {2}, Side: {3}, Type: {4}, Filled/Total: {5}/{6}, Price: {7}, TriggerPrice: {8}, Status: {9}, PosId: {10}, GroupId: {11}, Comment: {12}",
            this.Id,
            this.Symbol,
            this.Account,
            this.Side,
            this.OrderTypeId,
            this.FilledQuantity,
            this.TotalQuantity,
            this.Price,
            this.TriggerPrice,
            this.Status,
            this.PositionId,
            this.GroupId,
            this.Comment);

    internal void Apply(OrderMessage m)
    {
        this.Id = m.OrderId ?? this.Id;
        this.Account = m.Account ?? this.Account;
        this.Symbol = m.Symbol ?? this.Symbol;
        this.Side = m.Side ?? this.Side;
        this.Comment = m.Comment ?? this.Comment;
        this.OrderTypeId = m.OrderTypeId ?? this.OrderTypeId;
        this.TotalQuantity = m.TotalQuantity ?? this.TotalQuantity;
        this.FilledQuantity = m.FilledQuantity ?? this.FilledQuantity;
        this.Price = m.Price ?? this.Price;
        this.TriggerPrice = m.TriggerPrice ?? this.TriggerPrice;
        this.TrailOffset = m.TrailOffset ?? this.TrailOffset;
        this.Status = m.Status ?? this.Status;
        this.OriginalStatus = m.OriginalStatus ?? (m.Status?.ToString() ?? this.OriginalStatus);
        this.TimeInForce = m.TimeInForce ?? this.TimeInForce;
        this.ExpirationTime = m.ExpirationTime ?? this.ExpirationTime;
        this.LastUpdateTime = m.LastUpdateTime ?? this.LastUpdateTime;
        this.AverageFillPrice = m.AverageFillPrice ?? this.AverageFillPrice;
        this.PositionId = m.PositionId ?? this.PositionId;
        this.GroupId = m.GroupId ?? this.GroupId;
        this.StopLossItems = m.StopLossItems ?? this.StopLossItems;
        this.TakeProfitItems = m.TakeProfitItems ?? this.TakeProfitItems;
        this.ApplyAdditionalInfo(m.AdditionalInfo);
    }

    /// <summary>A plain delegate call: a handler's exception goes back into message processing.</summary>
    internal void RaiseUpdated() => this.Updated?.Invoke(this);
}
