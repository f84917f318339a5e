namespace TradingPlatform.BusinessLayer;

public interface IOrder : ITradingObject, IUniqueID
{
    event Action<IOrder> Updated;

    string ConnectionId { get; }

    BusinessObjectState State { get; }

    string GroupId { get; }

    string PositionId { get; }

    double TotalQuantity { get; }

    double FilledQuantity { get; }

    double RemainingQuantity { get; }

    string OrderTypeId { get; }

    OrderType OrderType { get; }

    double Price { get; }

    double TriggerPrice { get; }

    double TrailOffset { get; }

    OrderStatus Status { get; }

    string OriginalStatus { get; }

    TimeInForce TimeInForce { get; }

    DateTime ExpirationTime { get; }

    DateTime LastUpdateTime { get; }

    double AverageFillPrice { get; }

    SlTpHolder[] StopLossItems { get; }

    SlTpHolder[] TakeProfitItems { get; }

    SlTpHolder StopLoss { get; }

    SlTpHolder TakeProfit { get; }
}
