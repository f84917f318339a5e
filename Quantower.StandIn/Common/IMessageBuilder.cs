namespace TradingPlatform.BusinessLayer;

public interface IMessageBuilder<out T>
{
    T BuildMessage();
}
