namespace TradingPlatform.BusinessLayer.StandIn;

/// <summary>Test controls for settings: what the mirrored SettingItem does not expose publicly.</summary>
public static class StandInSettings
{
    /// <summary>A setting item with a name and a value, as the platform's UI would hand back to a Settings setter.</summary>
    public static SettingItem Item(string name, object value) => new ValueSettingItem(name, value, value?.GetType() ?? typeof(object));

    /// <summary>The group the item is shown in: "Input parameters" or "General".</summary>
    public static string GroupOf(SettingItem item) => item?.GroupName;

    /// <summary>Hidden items (e.g. "ScriptKey") are not shown to the user.</summary>
    public static bool IsHidden(SettingItem item) => item?.Hidden ?? false;
}
