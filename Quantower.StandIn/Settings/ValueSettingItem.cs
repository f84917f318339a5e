namespace TradingPlatform.BusinessLayer;

/// <summary>The stand-in's one concrete setting item: a named value of a known CLR type.</summary>
internal sealed class ValueSettingItem : SettingItem
{
    internal ValueSettingItem(string name, object value, Type valueType)
    {
        this.Name = name;
        this.Text = name;
        this.Value = value;
        this.ValueType = valueType;
    }

    public override SettingItemType Type => default;

    internal Type ValueType { get; }

    /// <summary>(text, value) pairs offered to the user, when the parameter has variants.</summary>
    internal IComparable[] Variants { get; init; }
}
