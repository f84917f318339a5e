namespace TradingPlatform.BusinessLayer;

public enum GroupOrderType
{
    None,
    OCO,
}
