namespace TradingPlatform.BusinessLayer.StandIn;

/// <summary>
/// The simulated broker's reactions to a fill, each processed inside the reaction message that
/// <see cref="ConnectionVendor"/> queues after the fill: bracket legs for the filled entry, OCO siblings cancelled, a
/// flat position's other close orders cancelled. A cancel finds the order as it is by then.
/// </summary>
internal sealed partial class ConnectionVendor
{
    private void PlaceBrackets(Order entry, Position position)
    {
        if (entry.StopLossItems.Length + entry.TakeProfitItems.Length == 0)
        {
            return;
        }

        var groupId = this.NextId("G", ref this.groupCounter);
        var closeSide = entry.Side == Side.Buy ? Side.Sell : Side.Buy;
        var direction = entry.Side == Side.Buy ? 1 : -1;
        var tick = entry.Symbol?.GetTickSize(entry.AverageFillPrice) ?? double.NaN;
        double Absolute(SlTpHolder h, int sign) =>
            h.PriceMeasurement == PriceMeasurement.Offset ? entry.AverageFillPrice + (sign * h.Price * (double.IsNaN(tick) ? 1 : tick)) : h.Price;
        double Quantity(SlTpHolder h) =>
            !double.IsNaN(h.Quantity) ? h.Quantity
            : !double.IsNaN(h.QuantityPercentage) ? position.Quantity * h.QuantityPercentage / 100
            : entry.FilledQuantity;

        foreach (var sl in entry.StopLossItems)
        {
            this.Messages.Order(new OrderMessage
            {
                OrderId = this.NextId("O", ref this.orderCounter),
                Account = entry.Account,
                Symbol = entry.Symbol,
                Side = closeSide,
                OrderTypeId = sl.IsTrailing ? OrderType.TrailingStop : OrderType.Stop,
                TotalQuantity = Quantity(sl),
                FilledQuantity = 0,
                TriggerPrice = Absolute(sl, -direction),
                Status = OrderStatus.Opened,
                LastUpdateTime = this.Now,
                PositionId = position.Id,
                GroupId = groupId,
                Comment = entry.Comment,
            });
        }

        foreach (var tp in entry.TakeProfitItems)
        {
            this.Messages.Order(new OrderMessage
            {
                OrderId = this.NextId("O", ref this.orderCounter),
                Account = entry.Account,
                Symbol = entry.Symbol,
                Side = closeSide,
                OrderTypeId = OrderType.Limit,
                TotalQuantity = Quantity(tp),
                FilledQuantity = 0,
                Price = Absolute(tp, direction),
                Status = OrderStatus.Opened,
                LastUpdateTime = this.Now,
                PositionId = position.Id,
                GroupId = groupId,
                Comment = entry.Comment,
            });
        }
    }

    private void CancelSiblings(Order filled)
    {
        foreach (var sibling in this.connection.Cache.Orders.Where(o => o.Id != filled.Id && string.Equals(o.GroupId, filled.GroupId, StringComparison.Ordinal)))
        {
            this.CancelNow(sibling.Id);
        }
    }

    private void CancelCloseOrders(string positionId, string filledOrderId, DateTime when)
    {
        foreach (var closeOrder in this.connection.Cache.Orders.Where(o => string.Equals(o.PositionId, positionId, StringComparison.Ordinal) && o.Id != filledOrderId))
        {
            this.CancelNow(closeOrder.Id, when);
        }
    }

    /// <summary>
    /// The vendor's cancel, inside a message: an order that is no longer open by then (filled or cancelled while the
    /// request waited in the queue) is not brought back; the vendor only answers "not found".
    /// </summary>
    private void CancelNow(string orderId, DateTime? when = null)
    {
        if (this.connection.Cache.FindOrder(orderId) == null)
        {
            this.connection.Manager.Core.Loggers.Log("Cancel: order is not open: " + orderId, LoggingLevel.Trading);
            return;
        }

        this.Messages.Order(new OrderMessage { OrderId = orderId, Status = OrderStatus.Cancelled, LastUpdateTime = when ?? this.Now });
        this.Messages.RemoveOrder(orderId);
    }
}
