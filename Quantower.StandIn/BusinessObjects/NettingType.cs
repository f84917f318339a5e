namespace TradingPlatform.BusinessLayer;

public enum NettingType
{
    Undefined,
    MultiPosition,
    MultiPerSide,
    OnePosition,
    OnePositionPerSide,
}
