namespace TradingPlatform.BusinessLayer;

public enum PriceMeasurement
{
    Absolute,
    Offset,
}
