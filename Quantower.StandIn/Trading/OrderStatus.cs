namespace TradingPlatform.BusinessLayer;

public enum OrderStatus
{
    Unspecified,
    Opened,
    PartiallyFilled,
    Filled,
    Cancelled,
    Refused,
    Inactive,
}
