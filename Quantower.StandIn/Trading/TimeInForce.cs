namespace TradingPlatform.BusinessLayer;

public enum TimeInForce
{
    Default = 0,
    Day = 1,
    FOK = 2,
    GTC = 3,
    IOC = 4,
    GTD = 5,
    GTT = 6,
    FAK = 7,
    ATO = 8,
    ATC = 9,
}
