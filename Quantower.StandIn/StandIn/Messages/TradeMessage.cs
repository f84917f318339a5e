namespace TradingPlatform.BusinessLayer.StandIn;

/// <summary>A vendor's execution message (test control). Each one published makes a new <see cref="Trade"/>.</summary>
public sealed class TradeMessage
{
    public string TradeId { get; set; }

    public string OrderId { get; set; }

    public string PositionId { get; set; }

    public Account Account { get; set; }

    public Symbol Symbol { get; set; }

    public Side Side { get; set; }

    public double Price { get; set; }

    public double Quantity { get; set; }

    public DateTime DateTime { get; set; }

    public string OrderTypeId { get; set; }

    public PositionImpactType PositionImpactType { get; set; }

    public string Comment { get; set; }

    /// <summary>Null leaves <see cref="Trade.GrossPnl"/> null.</summary>
    public double? GrossPnl { get; set; }

    public double? NetPnl { get; set; }

    public double? Fee { get; set; }
}
