namespace TradingPlatform.BusinessLayer;

public enum SymbolVolumeType
{
    Volume,
    Ticks,
    Disable,
}
