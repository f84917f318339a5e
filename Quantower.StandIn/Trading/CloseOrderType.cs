namespace TradingPlatform.BusinessLayer;

public enum CloseOrderType
{
    StopLoss,
    TakeProfit,
}
