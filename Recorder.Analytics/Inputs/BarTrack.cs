using System.Runtime.InteropServices;

namespace QuantowerRecorder.Analytics.Inputs;

/// <summary>
/// One symbol's bars in time order, with each bar's end: its start plus the bar duration, or the next bar's start
/// if that comes first. Ends never decrease, so both starts and ends can be binary-searched.
/// </summary>
internal sealed class BarTrack
{
    private BarTrack(string symbol, string? key, long[] start, long[] end, double[] close, RangeExtremes extremes)
    {
        Symbol = symbol;
        Key = key;
        Start = start;
        End = end;
        Close = close;
        Extremes = extremes;
    }

    public string Symbol { get; }

    /// <summary>The stored series the bars came from (<see cref="BarSeries.Key"/>), if known.</summary>
    public string? Key { get; }
    public long[] Start { get; }
    public long[] End { get; }
    public double[] Close { get; }
    public RangeExtremes Extremes { get; }
    public int Count => Start.Length;

    /// <summary>Per symbol, the series with the most bars (the first given on a tie); empty series are skipped.</summary>
    public static Dictionary<string, BarTrack> BuildAll(IReadOnlyList<BarSeries> series) =>
        series.Where(s => s.Bars.Count > 0)
            .GroupBy(s => s.Symbol, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Build(g.MaxBy(s => s.Bars.Count)!), StringComparer.Ordinal);

    public static BarTrack Build(BarSeries series)
    {
        // Filled in one pass, the highs and lows straight into the range tree: a long run's close builds this for every
        // symbol, and each array of 100,000 bars is a large object the collector pays for. Bars as stored come in time
        // order, each time once, and are read once; others are first put so (LatestPerTime).
        var bars = series.Bars;
        var (start, close, extremes) = (new long[bars.Count], new double[bars.Count], new RangeExtremes(bars.Count));
        if (!InOrder(bars, start, close, extremes))
        {
            var kept = LatestPerTime(bars, b => b.TimeUtc);
            (start, close, extremes) = (new long[kept.Count], new double[kept.Count], new RangeExtremes(kept.Count));
            InOrder(kept, start, close, extremes);
        }

        extremes.Build();
        return new BarTrack(series.Symbol, series.Key, start, Ends(start, series.BarDuration), close, extremes);
    }

    // Each bar's start, close, high and low at its index while each starts after the one before; false at the first
    // that does not.
    private static bool InOrder(IReadOnlyList<Bar> bars, long[] start, double[] close, RangeExtremes extremes)
    {
        ReadOnlySpan<Bar> span = bars switch
        {
            List<Bar> list => CollectionsMarshal.AsSpan(list),
            Bar[] array => array,
            _ => default,
        };
        if (span.Length == bars.Count)
        {
            for (var i = 0; i < span.Length; i++)
            {
                if (!Put(i, span[i], start, close, extremes))
                {
                    return false;
                }
            }

            return true;
        }

        for (var i = 0; i < bars.Count; i++)
        {
            if (!Put(i, bars[i], start, close, extremes))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Put(int i, in Bar bar, long[] start, double[] close, RangeExtremes extremes)
    {
        var ticks = bar.TimeUtc.Ticks;
        if (i > 0 && ticks <= start[i - 1])
        {
            return false;
        }

        start[i] = ticks;
        close[i] = bar.Close;
        extremes.Leaf(i, bar.High, bar.Low);
        return true;
    }

    /// <summary>Bars overlapping [from, to] as an inclusive index range; First &gt; Last when none.</summary>
    public (int First, int Last) Overlapping(long from, long to)
    {
        // First bar that is not over before 'from': those before it ended by 'from' and started before it (a
        // zero-length bar that starts at 'from' counts).
        var first = Math.Min(LastAtOrBefore(End, from), LastAtOrBefore(Start, from - 1)) + 1;
        return (first, LastAtOrBefore(Start, to));
    }

    /// <summary>The close of the last bar that had ended by <paramref name="ticks"/>; null if none had.</summary>
    public double? CloseEndedBy(long ticks) => LastAtOrBefore(End, ticks) is var i and >= 0 ? Close[i] : null;

    /// <summary>Each bar's end: its start plus the duration (else the smallest gap), or the next bar's start if that comes first.</summary>
    public static long[] Ends(long[] start, TimeSpan? barDuration)
    {
        var duration = barDuration?.Ticks ?? SmallestGap(start);
        var end = new long[start.Length];
        for (var i = 0; i < end.Length; i++)
        {
            end[i] = i + 1 < end.Length ? Math.Min(start[i + 1], start[i] + duration) : start[i] + duration;
        }

        return end;
    }

    /// <summary>Index of the last element of ascending <paramref name="sorted"/> at or before <paramref name="ticks"/>, −1 if none.</summary>
    public static int LastAtOrBefore(long[] sorted, long ticks)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= ticks)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo - 1;
    }

    private static long SmallestGap(long[] start)
    {
        var gap = long.MaxValue;
        for (var i = 1; i < start.Length; i++)
        {
            gap = Math.Min(gap, start[i] - start[i - 1]);
        }

        return gap == long.MaxValue ? 0 : gap;
    }

    /// <summary>
    /// The items in time order; of several with the same time, only the last one given. Items already in order, each
    /// time once (a series as stored), are given back as they are, not copied.
    /// </summary>
    public static IReadOnlyList<T> LatestPerTime<T>(IReadOnlyList<T> items, Func<T, DateTime> time)
    {
        // One look at the order: each time after the one before (given back as it is), or at least not before it.
        bool ascending = true, ordered = true;
        for (var i = 1; i < items.Count && ordered; i++)
        {
            var (before, now) = (time(items[i - 1]), time(items[i]));
            ascending &= now > before;
            ordered = now >= before;
        }

        if (ascending)
        {
            return items;
        }

        // OrderBy is stable: items with the same time stay in the order given.
        var sorted = ordered ? items : items.OrderBy(time).ToArray();

        var kept = new List<T>(sorted.Count);
        foreach (var item in sorted)
        {
            if (kept.Count > 0 && time(kept[^1]) == time(item))
            {
                kept[^1] = item;
            }
            else
            {
                kept.Add(item);
            }
        }

        return kept;
    }
}
