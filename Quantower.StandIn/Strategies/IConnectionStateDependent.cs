namespace TradingPlatform.BusinessLayer;

public interface IConnectionStateDependent
{
    ConnectionDependency GetConnectionStateDependency();
}
