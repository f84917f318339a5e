namespace TradingPlatform.BusinessLayer;

public enum PriceType
{
    Open = 0,
    High = 1,
    Low = 2,
    Close = 3,
    Median = 4,
    Typical = 5,
    Weighted = 6,
    Bid = 7,
    BidSize = 8,
    Ask = 9,
    AskSize = 10,
    Last = 11,
    Volume = 12,
    Ticks = 13,
    AggressorFlag = 14,
    TickDirection = 15,
    BidTickDirection = 16,
    AskTickDirection = 17,
    OpenInterest = 18,
    Mark = 19,
    FundingRate = 20,
    QuoteAssetVolume = 21,
}
