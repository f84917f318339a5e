using QuantowerRecorder.Storage.Analysis;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Mapping;

/// <summary>
/// A bar's volume analysis as <c>bars.volumetric_json</c>: delta, buy/sell volume, trades and the point of control.
/// The platform has no POC member, so it is computed from the price levels: the price with the largest volume (the
/// lowest such price on a tie, so the result does not depend on dictionary order).
/// </summary>
internal static class VolumetricJson
{
    public static string? Of(VolumeAnalysisData? data)
    {
        if (data?.Total is not { } total)
        {
            return null;
        }

        var (poc, pocVolume, levels) = PointOfControl(data);
        return SmallJson.Write((total, poc, pocVolume, levels), static (writer, s) =>
        {
            writer.WriteStartObject();
            writer.WriteNumberOrNull("delta", Stored(s.total.Delta));
            writer.WriteNumberOrNull("buy_volume", Stored(s.total.BuyVolume));
            writer.WriteNumberOrNull("sell_volume", Stored(s.total.SellVolume));
            writer.WriteNumberOrNull("volume", Stored(s.total.Volume));
            writer.WriteNumber("trades", s.total.Trades);
            writer.WriteNumber("buy_trades", s.total.BuyTrades);
            writer.WriteNumber("sell_trades", s.total.SellTrades);
            writer.WriteNumberOrNull("cumulative_delta", Stored(s.total.CumulativeDelta));
            writer.WriteNumberOrNull("max_delta", Stored(s.total.GetValue(VolumeAnalysisField.MaxDelta)));
            writer.WriteNumberOrNull("min_delta", Stored(s.total.GetValue(VolumeAnalysisField.MinDelta)));
            writer.WriteNumberOrNull("poc", Stored(s.poc));
            writer.WriteNumberOrNull("poc_volume", Stored(s.pocVolume));
            writer.WriteNumber("price_levels", s.levels);
            writer.WriteEndObject();
        });
    }

    // Volumes, deltas and prices at the stored precision of quantities and prices (docs/metrics.md, "Stored precision"):
    // the platform's sums carry binary noise (a delta of -8.368000000000002) that a reader takes for a wrong figure.
    private static double Stored(double value) => double.IsFinite(value) ? StoredPrecision.Price(value) : value;

    private static (double Poc, double Volume, int Levels) PointOfControl(VolumeAnalysisData data)
    {
        KeyValuePair<double, VolumeAnalysisItem>[] levels;
        try
        {
            // PriceLevels is not thread-safe and live quotes update it: work on a copy.
            levels = data.PriceLevels?.ToArray() ?? [];
        }
        catch (InvalidOperationException)
        {
            return (double.NaN, double.NaN, 0);
        }

        var poc = double.NaN;
        var best = double.NegativeInfinity;
        foreach (var (price, item) in levels)
        {
            var volume = item?.Volume ?? double.NaN;
            if (double.IsFinite(volume) && (volume > best || (volume == best && price < poc)))
            {
                best = volume;
                poc = price;
            }
        }

        return (poc, double.IsNaN(poc) ? double.NaN : best, levels.Length);
    }
}
