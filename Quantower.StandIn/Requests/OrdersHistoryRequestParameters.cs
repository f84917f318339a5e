namespace TradingPlatform.BusinessLayer;

/// <summary>A request for order history; the spec mirrors none of its members.</summary>
public class OrdersHistoryRequestParameters : RequestParameters
{
}
