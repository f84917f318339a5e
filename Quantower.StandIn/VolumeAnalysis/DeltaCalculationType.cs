namespace TradingPlatform.BusinessLayer;

public enum DeltaCalculationType
{
    AggressorFlag,
    TickDirection,
}
