namespace TradingPlatform.BusinessLayer;

/// <summary>A request for trade history; the spec mirrors none of its members.</summary>
public class TradesHistoryRequestParameters : RequestParameters
{
}
