namespace TradingPlatform.BusinessLayer;

public enum ConnectionType
{
    General = 0,
    TradingSimulator = 1,
    HistoryPlayer = 2,
    Backtester = 3,
    Technical = 4,
}
