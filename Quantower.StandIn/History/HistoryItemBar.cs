namespace TradingPlatform.BusinessLayer;

/// <summary>A time/tick bar. OHLC start as NaN. Equality compares TicksLeft, OHLC, Ticks, Volume and QuoteAssetVolume.</summary>
public class HistoryItemBar : HistoryItem
{
    private long ticksRight;

    public double Open { get; set; } = double.NaN;

    public double High { get; set; } = double.NaN;

    public double Low { get; set; } = double.NaN;

    public double Close { get; set; } = double.NaN;

    public double Volume { get; set; }

    public double OpenInterest { get; set; }

    public double FundingRate { get; set; }

    public double QuoteAssetVolume { get; set; }

    /// <summary>The number of ticks (trades) in the bar.</summary>
    public long Ticks { get; set; }

    public override long TicksRight
    {
        get => this.ticksRight;
        set => this.ticksRight = value;
    }

    public DateTime TimeRight => new(this.TicksRight, DateTimeKind.Utc);

    public double Median => (this.High + this.Low) / 2;

    public double Typical => (this.High + this.Low + this.Close) / 3;

    public double Weighted => (this.High + this.Low + this.Close + this.Close) / 4;

    public override double this[PriceType priceType] => priceType switch
    {
        PriceType.Open => this.Open,
        PriceType.High => this.High,
        PriceType.Low => this.Low,
        PriceType.Close => this.Close,
        PriceType.Median => this.Median,
        PriceType.Typical => this.Typical,
        PriceType.Weighted => this.Weighted,
        PriceType.Volume => this.Volume,
        PriceType.Ticks => this.Ticks,
        PriceType.OpenInterest => this.OpenInterest,
        PriceType.FundingRate => this.FundingRate,
        PriceType.QuoteAssetVolume => this.QuoteAssetVolume,
        _ => double.NaN,
    };

    public static bool operator ==(HistoryItemBar left, HistoryItemBar right) =>
        ReferenceEquals(left, right) || (left is not null && left.Equals(right));

    public static bool operator !=(HistoryItemBar left, HistoryItemBar right) => !(left == right);

    public override object Clone()
    {
        var clone = (HistoryItemBar)this.MemberwiseClone();
        this.CopyDataTo(clone);
        return clone;
    }

    public override bool Equals(object obj) =>
        obj is HistoryItemBar other
        && this.TicksLeft == other.TicksLeft
        && this.Open.Equals(other.Open)
        && this.High.Equals(other.High)
        && this.Low.Equals(other.Low)
        && this.Close.Equals(other.Close)
        && this.Ticks == other.Ticks
        && this.Volume.Equals(other.Volume)
        && this.QuoteAssetVolume.Equals(other.QuoteAssetVolume);

    public override int GetHashCode() => HashCode.Combine(this.TicksLeft, this.Open, this.High, this.Low, this.Close, this.Ticks, this.Volume, this.QuoteAssetVolume);
}
