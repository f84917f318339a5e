namespace TradingPlatform.BusinessLayer;

/// <summary>Links existing orders as OCO when sent through <see cref="Core.SendCustomRequest"/>.</summary>
public class LinkOCORequestParameters : TradingRequestParameters
{
    public List<IOrder> OrdersToLink { get; set; }
}
