using System.Text;
using System.Text.Json;
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
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            Number(writer, "delta", total.Delta);
            Number(writer, "buy_volume", total.BuyVolume);
            Number(writer, "sell_volume", total.SellVolume);
            Number(writer, "volume", total.Volume);
            writer.WriteNumber("trades", total.Trades);
            writer.WriteNumber("buy_trades", total.BuyTrades);
            writer.WriteNumber("sell_trades", total.SellTrades);
            Number(writer, "cumulative_delta", total.CumulativeDelta);
            Number(writer, "max_delta", total.GetValue(VolumeAnalysisField.MaxDelta));
            Number(writer, "min_delta", total.GetValue(VolumeAnalysisField.MinDelta));
            Number(writer, "poc", poc);
            Number(writer, "poc_volume", pocVolume);
            writer.WriteNumber("price_levels", levels);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

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

    private static void Number(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
