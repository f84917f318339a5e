namespace TradingPlatform.BusinessLayer;

/// <summary>Base of trading requests; the spec mirrors none of its members.</summary>
public abstract class TradingRequestParameters : RequestParameters
{
    private protected TradingRequestParameters()
    {
    }
}
