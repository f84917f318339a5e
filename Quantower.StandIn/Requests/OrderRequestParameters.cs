namespace TradingPlatform.BusinessLayer;

public abstract class OrderRequestParameters : TradingRequestParameters
{
    private protected OrderRequestParameters()
    {
    }

    private protected OrderRequestParameters(OrderRequestParameters original)
    {
        if (original == null)
        {
            return;
        }

        this.Symbol = original.Symbol;
        this.Account = original.Account;
        this.Side = original.Side;
        this.Quantity = original.Quantity;
        this.OrderTypeId = original.OrderTypeId;
        this.Price = original.Price;
        this.TriggerPrice = original.TriggerPrice;
        this.TrailOffset = original.TrailOffset;
        this.TimeInForce = original.TimeInForce;
        this.PositionId = original.PositionId;
        this.GroupId = original.GroupId;
        this.Comment = original.Comment;
        this.StopLossItems.AddRange(original.StopLossItems);
        this.TakeProfitItems.AddRange(original.TakeProfitItems);
    }

    public Symbol Symbol { get; set; }

    public Account Account { get; set; }

    public Side Side { get; set; }

    public double Quantity { get; set; }

    public string OrderTypeId { get; set; }

    public double Price { get; set; } = double.NaN;

    public double TriggerPrice { get; set; } = double.NaN;

    public double TrailOffset { get; set; } = double.NaN;

    public TimeInForce TimeInForce { get; set; }

    public string PositionId { get; set; }

    public string GroupId { get; set; }

    public string Comment { get; set; }

    public List<SlTpHolder> StopLossItems { get; private set; } = [];

    public List<SlTpHolder> TakeProfitItems { get; private set; } = [];
}
