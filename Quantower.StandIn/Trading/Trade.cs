using TradingPlatform.BusinessLayer.Integration;
using TradingPlatform.BusinessLayer.StandIn;

namespace TradingPlatform.BusinessLayer;

/// <summary>An execution. A new object per message, never cached; equality is by reference.</summary>
public class Trade : TradingObject, IMessageBuilder<MessageTrade>
{
    public Trade(string connectionId)
        : base(connectionId)
    {
    }

    /// <summary>In practice unused: it only fires before the trade is published.</summary>
    public event Action Updated;

    public string OrderId { get; private set; }

    public string PositionId { get; private set; }

    public double Price { get; private set; }

    public double Quantity { get; private set; }

    /// <summary>The vendor's execution time.</summary>
    public DateTime DateTime { get; private set; }

    public PnLItem GrossPnl { get; internal set; }

    public PnLItem NetPnl { get; internal set; }

    public PnLItem Fee { get; internal set; }

    public string OrderTypeId { get; internal set; }

    public PositionImpactType PositionImpactType { get; private set; }

    public MessageTrade BuildMessage() => new();

    internal void Apply(TradeMessage m)
    {
        this.Id = m.TradeId;
        this.OrderId = m.OrderId;
        this.PositionId = m.PositionId;
        this.Account = m.Account;
        this.Symbol = m.Symbol;
        this.Side = m.Side;
        this.Comment = m.Comment;
        this.Price = m.Price;
        this.Quantity = m.Quantity;
        this.DateTime = m.DateTime;
        this.OrderTypeId = m.OrderTypeId;
        this.PositionImpactType = m.PositionImpactType;
        var asset = m.Account?.AccountCurrency?.Id;
        this.GrossPnl = PnLItem.From(m.GrossPnl, asset);
        this.NetPnl = PnLItem.From(m.NetPnl, asset);
        this.Fee = PnLItem.From(m.Fee, asset);
        this.Updated?.Invoke();
    }
}
