namespace TradingPlatform.BusinessLayer;

/// <summary>The spec names the type of <see cref="SettingItem.Type"/> but not its members, so none are mirrored.</summary>
public enum SettingItemType
{
}
