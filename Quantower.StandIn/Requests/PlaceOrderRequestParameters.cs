namespace TradingPlatform.BusinessLayer;

public class PlaceOrderRequestParameters : OrderRequestParameters
{
    public PlaceOrderRequestParameters()
    {
    }

    public PlaceOrderRequestParameters(IOrder order)
    {
        if (order == null)
        {
            return;
        }

        this.Symbol = order.Symbol;
        this.Account = order.Account;
        this.Side = order.Side;
        this.Quantity = order.TotalQuantity;
        this.OrderTypeId = order.OrderTypeId;
        this.Price = order.Price;
        this.TriggerPrice = order.TriggerPrice;
        this.TrailOffset = order.TrailOffset;
        this.TimeInForce = order.TimeInForce;
        this.PositionId = order.PositionId;
        this.GroupId = order.GroupId;
        this.Comment = order.Comment;
        this.StopLossItems.AddRange(order.StopLossItems);
        this.TakeProfitItems.AddRange(order.TakeProfitItems);
    }

    public PlaceOrderRequestParameters(OrderRequestParameters original)
        : base(original)
    {
    }
}
