namespace TradingPlatform.BusinessLayer.StandIn;

/// <summary>What discovery reads from the throw-away instance.</summary>
public sealed record StrategyDescription(string Name, string Description, Version Version, IList<SettingItem> Settings);
