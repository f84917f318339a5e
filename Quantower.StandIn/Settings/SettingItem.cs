namespace TradingPlatform.BusinessLayer;

/// <summary>One setting. The stand-in's concrete items are internal; the spec names no concrete type.</summary>
public abstract class SettingItem
{
    private protected SettingItem()
    {
    }

    public string Name { get; set; }

    public virtual object Value { get; set; }

    public virtual string Text { get; set; }

    public int SortIndex { get; set; }

    public abstract SettingItemType Type { get; }

    /// <summary>Stand-in only: the group the item is shown in ("Input parameters", "General").</summary>
    internal string GroupName { get; set; }

    /// <summary>Stand-in only: hidden items (e.g. "ScriptKey") are not shown to the user.</summary>
    internal bool Hidden { get; set; }
}
