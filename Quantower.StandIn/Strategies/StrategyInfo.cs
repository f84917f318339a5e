namespace TradingPlatform.BusinessLayer;

/// <summary>Type argument of <see cref="StrategyManager"/>'s base; no members are mirrored.</summary>
public class StrategyInfo : ScriptInfo
{
    internal StrategyInfo()
    {
    }
}
