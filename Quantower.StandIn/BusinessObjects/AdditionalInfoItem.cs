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

    public string Id { get; set; }

    public string NameKey { get; set; }

    public object Value { get; set; }

    public bool Hidden { get; set; }
}
