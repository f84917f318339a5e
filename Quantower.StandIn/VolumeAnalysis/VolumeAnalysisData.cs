namespace TradingPlatform.BusinessLayer;

/// <summary>A bar's volume analysis: <see cref="Total"/> for the whole bar and <see cref="PriceLevels"/> per price.</summary>
public class VolumeAnalysisData
{
    public DateTime TimeLeft { get; set; }

    public VolumeAnalysisItem Total { get; set; } = new();

    /// <summary>Keyed by price rounded to the tick or step size; empty when price levels are not calculated. Not thread-safe.</summary>
    public Dictionary<double, VolumeAnalysisItem> PriceLevels { get; set; } = [];

    /// <summary>A plain delegate call.</summary>
    public event EventHandler<VolumeAnalysisDataEventArgs> ItemUpdated;

    public void Combine(VolumeAnalysisData data)
    {
        if (data == null)
        {
            return;
        }

        Add(this.Total, data.Total);
        foreach (var (price, item) in data.PriceLevels)
        {
            if (!this.PriceLevels.TryGetValue(price, out var mine))
            {
                mine = new VolumeAnalysisItem();
                this.PriceLevels[price] = mine;
            }

            Add(mine, item);
        }
    }

    internal void RaiseItemUpdated(double price, VolumeAnalysisItem item) =>
        this.ItemUpdated?.Invoke(this, new VolumeAnalysisDataEventArgs(price, item));

    private static void Add(VolumeAnalysisItem target, VolumeAnalysisItem source)
    {
        if (target == null || source == null)
        {
            return;
        }

        target.Trades += source.Trades;
        target.BuyTrades += source.BuyTrades;
        target.SellTrades += source.SellTrades;
        target.Volume += source.Volume;
        target.BuyVolume += source.BuyVolume;
        target.SellVolume += source.SellVolume;
        target.MaxOneTradeVolume = Math.Max(target.MaxOneTradeVolume, source.MaxOneTradeVolume);
        target.MinDelta = Math.Min(target.MinDelta, source.MinDelta);
        target.MaxDelta = Math.Max(target.MaxDelta, source.MaxDelta);
        target.SetFiltered(
            target.FilteredTotalVolume + source.FilteredTotalVolume,
            target.FilteredBuyVolume + source.FilteredBuyVolume,
            target.FilteredSellVolume + source.FilteredSellVolume);
    }
}
