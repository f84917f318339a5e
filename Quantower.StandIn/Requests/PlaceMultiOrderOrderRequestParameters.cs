namespace TradingPlatform.BusinessLayer;

public class PlaceMultiOrderOrderRequestParameters : TradingRequestParameters
{
    public PlaceOrderRequestParameters[] OrderParameters { get; set; }

    public GroupOrderType GroupOrderType { get; set; }
}
