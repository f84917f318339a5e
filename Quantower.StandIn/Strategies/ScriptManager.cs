namespace TradingPlatform.BusinessLayer;

/// <summary>Base of <see cref="StrategyManager"/>; no public members are mirrored.</summary>
public abstract class ScriptManager<TInfo, TEntity>
    where TInfo : ScriptInfo
    where TEntity : ExecutionEntity
{
    private protected ScriptManager()
    {
    }
}
