namespace TradingPlatform.BusinessLayer;

public enum HistoricalDataState
{
    Pending,
    Working,
    Loading,
}
