namespace TradingPlatform.BusinessLayer;

public enum BusinessObjectState
{
    Normal = 0,
    Fake = 1,
}
