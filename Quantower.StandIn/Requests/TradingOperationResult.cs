namespace TradingPlatform.BusinessLayer;

public sealed class TradingOperationResult
{
    private static long requestCounter;

    private TradingOperationResult()
    {
    }

    public TradingOperationResultStatus Status { get; private set; }

    public string Message { get; private set; }

    public string OrderId { get; private set; }

    public long RequestId { get; private set; }

    internal static TradingOperationResult CreateSuccess(string orderId = null) =>
        new() { Status = TradingOperationResultStatus.Success, OrderId = orderId, RequestId = Interlocked.Increment(ref requestCounter) };

    internal static TradingOperationResult CreateError(string message) =>
        new() { Status = TradingOperationResultStatus.Failure, Message = message, RequestId = Interlocked.Increment(ref requestCounter) };
}
