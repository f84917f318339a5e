namespace TradingPlatform.BusinessLayer.Integration;

/// <summary>A vendor message type; the spec names it but none of its members.</summary>
public class MessageOpenOrder : Message
{
    internal MessageOpenOrder()
    {
    }
}
