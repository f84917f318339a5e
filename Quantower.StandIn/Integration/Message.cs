namespace TradingPlatform.BusinessLayer.Integration;

/// <summary>Base of the vendor messages (<see cref="IMessageBuilder{TMessage}"/>'s constraint); no members are mirrored.</summary>
public abstract class Message
{
    private protected Message()
    {
    }
}
