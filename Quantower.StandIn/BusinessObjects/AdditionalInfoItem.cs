namespace TradingPlatform.BusinessLayer;

public class AdditionalInfoItem
{
    internal AdditionalInfoItem(string id, string nameKey, object value, bool hidden)
    {
        this.Id = id;
        this.NameKey = nameKey;
        this.Value = value;
        this.Hidden = hidden;
    }

    public string Id { get; }

    public string NameKey { get; }

    public object Value { get; }

    public bool Hidden { get; }
}
