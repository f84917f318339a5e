namespace TradingPlatform.BusinessLayer.Integration;

public interface IMessageBuilder<TMessage>
    where TMessage : Message
{
    TMessage BuildMessage();
}
