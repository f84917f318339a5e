using TradingPlatform.BusinessLayer.Integration;
using TradingPlatform.BusinessLayer.StandIn;

namespace TradingPlatform.BusinessLayer;

/// <summary>An open position. The same instance is reused across updates; equality is by reference.</summary>
public class Position : TradingObject, IMessageBuilder<MessageOpenPosition>
{
    internal Position(string connectionId)
        : base(connectionId)
    {
    }

    public event Action<Position> Updated;

    public double Quantity { get; private set; }

    public double OpenPrice { get; private set; }

    public DateTime OpenTime { get; private set; }

    public PnLItem GrossPnL { get; internal set; }

    public PnLItem NetPnL { get; internal set; }

    public PnLItem Fee { get; internal set; }

    public PnLItem Swaps { get; internal set; }

    /// <summary>Bid for a Buy position, Ask for a Sell position, NaN if unknown.</summary>
    public double CurrentPrice => this.Symbol == null ? double.NaN : this.Side == Side.Buy ? this.Symbol.Bid : this.Symbol.Ask;

    public double LiquidationPrice { get; private set; } = double.NaN;

    public double GrossPnLTicks
    {
        get
        {
            var ticks = this.Symbol?.CalculateTicks(this.OpenPrice, this.CurrentPrice) ?? double.NaN;
            return this.Side == Side.Buy ? ticks : -ticks;
        }
    }

    /// <summary>The close order whose behavior is Stop or TrailingStop, matched by <see cref="Order.PositionId"/>.</summary>
    public Order StopLoss => this.FindCloseOrder(b => b is OrderTypeBehavior.Stop or OrderTypeBehavior.TrailingStop);

    /// <summary>The close order whose behavior is Limit, matched by <see cref="Order.PositionId"/>.</summary>
    public Order TakeProfit => this.FindCloseOrder(b => b is OrderTypeBehavior.Limit);

    public virtual TradingOperationResult Close(double closeQuantity = -1.0) => Core.Instance.ClosePosition(this, closeQuantity);

    public void ForceRecalculatePnl() => this.RecalculatePnl();

    public MessageOpenPosition BuildMessage() => new();

    internal void Apply(PositionMessage m)
    {
        this.Id = m.PositionId ?? this.Id;
        this.Account = m.Account ?? this.Account;
        this.Symbol = m.Symbol ?? this.Symbol;
        this.Side = m.Side ?? this.Side;
        this.Comment = m.Comment ?? this.Comment;
        this.Quantity = m.Quantity ?? this.Quantity;
        this.OpenPrice = m.OpenPrice ?? this.OpenPrice;
        this.OpenTime = m.OpenTime ?? this.OpenTime;
        this.LiquidationPrice = m.LiquidationPrice ?? this.LiquidationPrice;
        var asset = this.Account?.AccountCurrency?.Id;
        this.GrossPnL = PnLItem.From(m.GrossPnL, asset) ?? this.GrossPnL;
        this.NetPnL = PnLItem.From(m.NetPnL, asset) ?? this.NetPnL;
        this.Fee = PnLItem.From(m.Fee, asset) ?? this.Fee;
        this.Swaps = PnLItem.From(m.Swaps, asset) ?? this.Swaps;
    }

    /// <summary>
    /// What the platform's 100 ms timer does for each open position: recalculate the PnL from the current price.
    /// Returns whether GrossPnL, NetPnL, Fee or Swaps changed.
    /// </summary>
    internal bool RecalculatePnl()
    {
        var price = this.CurrentPrice;
        if (double.IsNaN(price) || this.Symbol == null)
        {
            return false;
        }

        var tickSize = this.Symbol.GetTickSize(price);
        var perPoint = double.IsNaN(tickSize) || tickSize <= 0 ? 1 : this.Symbol.GetTickCost(price) / tickSize;
        var direction = this.Side == Side.Buy ? 1 : -1;
        var gross = (price - this.OpenPrice) * this.Quantity * direction * perPoint;
        var fee = this.Fee?.Value ?? 0;
        var swaps = this.Swaps?.Value ?? 0;
        var asset = this.Account?.AccountCurrency?.Id;
        var newGross = new PnLItem { Value = gross, AssetID = asset };
        var newNet = new PnLItem { Value = gross - fee + swaps, AssetID = asset };
        var changed = !Equals(newGross, this.GrossPnL) || !Equals(newNet, this.NetPnL);
        this.GrossPnL = newGross;
        this.NetPnL = newNet;
        return changed;
    }

    /// <summary>A plain delegate call: a handler's exception goes back into message processing.</summary>
    internal void RaiseUpdated() => this.Updated?.Invoke(this);

    private Order FindCloseOrder(Func<OrderTypeBehavior, bool> behavior)
    {
        var connection = this.Connection;
        if (connection == null || string.IsNullOrEmpty(this.Id))
        {
            return null;
        }

        return connection.BusinessObjects.Orders.FirstOrDefault(o =>
            string.Equals(o.PositionId, this.Id, StringComparison.Ordinal)
            && o.OrderType is { } type
            && behavior(type.Behavior));
    }
}
