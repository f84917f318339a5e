namespace TradingPlatform.BusinessLayer;

public enum TradingOperationResultStatus
{
    Success,
    Failure,
}
