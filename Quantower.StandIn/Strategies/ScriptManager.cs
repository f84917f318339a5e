namespace TradingPlatform.BusinessLayer;

/// <summary>Base of <see cref="StrategyManager"/>; no public members are mirrored.</summary>
public abstract class ScriptManager<TInfo, TScript>
{
    private protected ScriptManager()
    {
    }
}
