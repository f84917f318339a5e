namespace TradingPlatform.BusinessLayer;

public interface IConnectionBindedObject
{
    string ConnectionId { get; }
}
