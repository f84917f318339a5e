namespace TradingPlatform.BusinessLayer;

public interface IUniqueID
{
    string UniqueId { get; }
}
