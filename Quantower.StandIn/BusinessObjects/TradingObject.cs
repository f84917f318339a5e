namespace TradingPlatform.BusinessLayer;

public abstract class TradingObject : BusinessObject, ITradingObject
{
    protected TradingObject(string connectionId)
        : base(connectionId)
    {
    }

    public string Id { get; protected set; }

    public Account Account { get; protected set; }

    public Symbol Symbol { get; protected set; }

    public Side Side { get; protected set; }

    public string Comment { get; protected set; }

    /// <summary>Null until the vendor sends extra items.</summary>
    public AdditionalInfoCollection AdditionalInfo { get; internal set; }

    internal void ApplyAdditionalInfo(IDictionary<string, object> items)
    {
        if (items == null)
        {
            return;
        }

        this.AdditionalInfo ??= new AdditionalInfoCollection();
        foreach (var (key, value) in items)
        {
            this.AdditionalInfo.Set(new AdditionalInfoItem(key, key, value, hidden: false));
        }
    }
}
