namespace TradingPlatform.BusinessLayer;

public enum AggressorFlag
{
    None,
    Buy,
    Sell,
    NotSet,
}
