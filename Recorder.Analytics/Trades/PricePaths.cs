using QuantowerRecorder.Analytics.Inputs;

namespace QuantowerRecorder.Analytics.Trades;

/// <summary>The prices a symbol went through: its bars when it has them, else its fills.</summary>
internal sealed class PricePaths(IReadOnlyDictionary<string, BarTrack> bars, IReadOnlyDictionary<string, FillTrack> fills)
{
    /// <summary>Highest and lowest price seen in [from, to], and where they came from; null when nothing was seen.</summary>
    public (double High, double Low, ExcursionSource Source)? Extremes(string symbol, long from, long to)
    {
        if (bars.TryGetValue(symbol, out var track))
        {
            var (first, last) = track.Overlapping(from, to);
            if (first <= last)
            {
                var (high, low) = track.Extremes.Query(first, last);
                return (high, low, ExcursionSource.Bars);
            }
        }

        if (fills.TryGetValue(symbol, out var fillTrack))
        {
            var (first, last) = fillTrack.Within(from, to);
            if (first <= last)
            {
                var (high, low) = fillTrack.Extremes.Query(first, last);
                return (high, low, ExcursionSource.Fills);
            }
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
}
