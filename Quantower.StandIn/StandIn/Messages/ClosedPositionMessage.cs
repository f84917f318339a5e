namespace TradingPlatform.BusinessLayer.StandIn;

/// <summary>A vendor's closed-position message (test control).</summary>
public sealed class ClosedPositionMessage : PositionMessage
{
    public double? LastTradedPrice { get; set; }
}
