namespace TradingPlatform.BusinessLayer;

/// <summary>Base of every request; the spec mirrors none of its members.</summary>
public abstract class RequestParameters
{
    private protected RequestParameters()
    {
    }
}
