namespace TradingPlatform.BusinessLayer;

public enum PositionImpactType
{
    Undefined,
    Open,
    Close,
}
