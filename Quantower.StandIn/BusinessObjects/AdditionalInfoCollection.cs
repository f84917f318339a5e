namespace TradingPlatform.BusinessLayer;

public class AdditionalInfoCollection
{
    private readonly object sync = new();
    private readonly Dictionary<string, AdditionalInfoItem> items = new(StringComparer.Ordinal);

    internal AdditionalInfoCollection()
    {
    }

    public int Count
    {
        get
        {
            lock (this.sync)
            {
                return this.items.Count;
            }
        }
    }

    public IEnumerable<AdditionalInfoItem> Items
    {
        get
        {
            lock (this.sync)
            {
                return [.. this.items.Values];
            }
        }
    }

    public AdditionalInfoItem this[string key] => this.TryGetItem(key, out var item) ? item : null;

    public bool TryGetItem(string apiKey, out AdditionalInfoItem item)
    {
        lock (this.sync)
        {
            return this.items.TryGetValue(apiKey ?? string.Empty, out item);
        }
    }

    internal void Set(AdditionalInfoItem item)
    {
        lock (this.sync)
        {
            this.items[item.Id] = item;
        }
    }
}
