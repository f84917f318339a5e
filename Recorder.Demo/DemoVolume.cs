using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Demo;

/// <summary>A bar as the platform shows it live: four trades, and the volume analysis its calculation finds.</summary>
internal static class DemoVolume
{
    /// <summary>The open, the extreme the bar went to first, the other one, the close.</summary>
    public static List<(DateTime Time, double Price, double Volume)> Ticks(DemoBar bar)
    {
        var length = bar.TimeUtc - bar.OpenUtc;
        var (firstExtreme, secondExtreme) = bar.Close >= bar.Open ? (bar.Low, bar.High) : (bar.High, bar.Low);
        var part = Math.Round(bar.Volume / 4, 3);
        // Where in the bar each trade falls; the close takes what the three equal parts leave of the volume.
        return
        [
            (bar.OpenUtc, bar.Open, part),
            (bar.OpenUtc + (length * 0.25), firstExtreme, part),
            (bar.OpenUtc + (length * (2.0 / 3)), secondExtreme, part),
            (bar.OpenUtc + (length * (59.0 / 60)), bar.Close, Math.Round(bar.Volume - (3 * part), 3)),
        ];
    }

    /// <summary>Its buy/sell split and trades, and price levels whose largest is the bar's point of control.</summary>
    public static VolumeAnalysisData Analysis(DemoBar bar)
    {
        var buyTrades = (int)Math.Round(bar.Trades * (bar.BuyVolume / bar.Volume));
        var levels = new Dictionary<double, VolumeAnalysisItem>();
        void Add(double price, double share)
        {
            var level = levels.TryGetValue(price, out var known) ? known : levels[price] = new VolumeAnalysisItem();
            level.Volume = Math.Round(level.Volume + (bar.Volume * share), 3);
        }

        Add(bar.PointOfControl, 0.5);
        Add(bar.Low, 0.15);
        Add(bar.High, 0.15);
        Add(bar.Close, 0.2);
        return new VolumeAnalysisData
        {
            Total = new VolumeAnalysisItem
            {
                Volume = bar.Volume, BuyVolume = bar.BuyVolume, SellVolume = bar.SellVolume, Trades = bar.Trades,
                BuyTrades = buyTrades, SellTrades = bar.Trades - buyTrades,
            },
            PriceLevels = levels,
        };
    }
}
