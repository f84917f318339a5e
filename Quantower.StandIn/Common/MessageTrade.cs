namespace TradingPlatform.BusinessLayer;

/// <summary>A vendor message type; the spec names it but none of its members.</summary>
public class MessageTrade
{
    internal MessageTrade()
    {
    }
}
