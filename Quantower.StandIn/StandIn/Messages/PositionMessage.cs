namespace TradingPlatform.BusinessLayer.StandIn;

/// <summary>A vendor's position message (test control). Null fields keep the position's current value.</summary>
public class PositionMessage
{
    public string PositionId { get; set; }

    public Account Account { get; set; }

    public Symbol Symbol { get; set; }

    public Side? Side { get; set; }

    public double? Quantity { get; set; }

    public double? OpenPrice { get; set; }

    public DateTime? OpenTime { get; set; }

    public double? GrossPnL { get; set; }

    public double? NetPnL { get; set; }

    public double? Fee { get; set; }

    public double? Swaps { get; set; }

    public double? LiquidationPrice { get; set; }

    public string Comment { get; set; }
}
