namespace TradingPlatform.BusinessLayer;

public enum OrderTypeBehavior
{
    Unspecified = 0,
    Market = 1,
    Limit = 2,
    Stop = 3,
    TrailingStop = 4,
    StopLimit = 5,
}
