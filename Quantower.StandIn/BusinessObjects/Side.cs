namespace TradingPlatform.BusinessLayer;

public enum Side
{
    Buy,
    Sell,
}
