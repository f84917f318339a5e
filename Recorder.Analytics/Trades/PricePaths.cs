using QuantowerRecorder.Analytics.Inputs;

namespace QuantowerRecorder.Analytics.Trades;

/// <summary>The prices a symbol went through: its bars when it has them, else its fills.</summary>
internal sealed class PricePaths(IReadOnlyDictionary<string, BarTrack> bars, IReadOnlyDictionary<string, FillTrack> fills)
{
    /// <summary>Highest and lowest price seen in [from, to], and where they came from; null when nothing was seen.</summary>
    public (double High, double Low, ExcursionSource Source)? Extremes(string symbol, long from, long to)
    {
        if (bars.TryGetValue(symbol, out var track) && Seen(track.Overlapping(from, to), track.Extremes) is { } inBars)
        {
            return (inBars.High, inBars.Low, ExcursionSource.Bars);
        }

        if (fills.TryGetValue(symbol, out var fillTrack) && Seen(fillTrack.Within(from, to), fillTrack.Extremes) is { } inFills)
        {
            return (inFills.High, inFills.Low, ExcursionSource.Fills);
        }

        return null;
    }

    /// <summary>The latest observed price: the last bar's close or the last fill, whichever came later.</summary>
    public (double Price, long Ticks)? LastPrice(string symbol)
    {
        (double Price, long Ticks)? fromBars = null;
        if (bars.TryGetValue(symbol, out var track))
        {
            fromBars = (track.Close[^1], track.End[^1]);
        }

        if (fills.TryGetValue(symbol, out var fillTrack) && fillTrack.Times.Length > 0
            && (fromBars is null || fillTrack.Times[^1] > fromBars.Value.Ticks))
        {
            return (fillTrack.Prices[^1], fillTrack.Times[^1]);
        }

        return fromBars;
    }

    private static (double High, double Low)? Seen((int First, int Last) range, RangeExtremes extremes) =>
        range.First <= range.Last ? extremes.Query(range.First, range.Last) : null;
}
