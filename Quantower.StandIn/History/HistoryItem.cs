namespace TradingPlatform.BusinessLayer;

public abstract class HistoryItem : IHistoryItem, ICloneable
{
    private Dictionary<string, object> data;

    /// <summary>UTC, built from <see cref="TicksLeft"/>.</summary>
    public DateTime TimeLeft => new(this.TicksLeft, DateTimeKind.Utc);

    public long TicksLeft { get; set; }

    /// <summary>In the base class it equals <see cref="TicksLeft"/> and the setter does nothing.</summary>
    public virtual long TicksRight
    {
        get => this.TicksLeft;
        set
        {
        }
    }

    /// <summary>Null until a volume-analysis calculation was requested and finished.</summary>
    public VolumeAnalysisData VolumeAnalysisData { get; set; }

    public virtual double this[PriceType priceType] => double.NaN;

    public void SetData(string key, object value)
    {
        this.data ??= new Dictionary<string, object>(StringComparer.Ordinal);
        this.data[key] = value;
    }

    public bool TryGetData<TData>(string key, out TData data)
    {
        if (this.data != null && key != null && this.data.TryGetValue(key, out var value) && value is TData typed)
        {
            data = typed;
            return true;
        }

        data = default;
        return false;
    }

    public abstract object Clone();

    private protected void CopyDataTo(HistoryItem target)
    {
        target.data = this.data == null ? null : new Dictionary<string, object>(this.data, StringComparer.Ordinal);
    }
}
