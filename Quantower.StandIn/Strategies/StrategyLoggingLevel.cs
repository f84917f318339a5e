namespace TradingPlatform.BusinessLayer;

public enum StrategyLoggingLevel
{
    Info = 0,
    Trading = 1,
    Error = 2,
}
