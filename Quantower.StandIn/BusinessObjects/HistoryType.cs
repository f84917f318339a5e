namespace TradingPlatform.BusinessLayer;

public enum HistoryType
{
    Bid,
    Ask,
    Midpoint,
    Last,
    BidAsk,
    Mark,
}
