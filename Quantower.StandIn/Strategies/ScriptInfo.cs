namespace TradingPlatform.BusinessLayer;

/// <summary>Base of <see cref="StrategyInfo"/> (<see cref="ScriptManager{TInfo, TEntity}"/>'s constraint); no members are mirrored.</summary>
public abstract class ScriptInfo
{
    private protected ScriptInfo()
    {
    }
}
