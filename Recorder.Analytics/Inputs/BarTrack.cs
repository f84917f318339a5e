namespace QuantowerRecorder.Analytics.Inputs;

/// <summary>
/// One symbol's bars in time order, with each bar's end: its start plus the bar duration, or the next bar's start
/// if that comes first. Ends never decrease, so both starts and ends can be binary-searched.
/// </summary>
internal sealed class BarTrack
{
    private BarTrack(string symbol, long[] start, long[] end, double[] high, double[] low, double[] close)
    {
        Symbol = symbol;
        Start = start;
        End = end;
        Close = close;
        Extremes = new RangeExtremes(high, low);
    }

    public string Symbol { get; }
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
        var bars = series.Bars.ToArray();
        if (!IsSorted(bars))
        {
            // Stable by time: of two bars with the same time, the later one given wins below.
            bars = bars.Select((b, i) => (b, i)).OrderBy(p => p.b.TimeUtc.Ticks).ThenBy(p => p.i).Select(p => p.b).ToArray();
        }

        var kept = new List<Bar>(bars.Length);
        foreach (var bar in bars)
        {
            if (kept.Count > 0 && kept[^1].TimeUtc == bar.TimeUtc)
            {
                kept[^1] = bar;
            }
            else
            {
                kept.Add(bar);
            }
        }

        var n = kept.Count;
        var start = new long[n];
        for (var i = 0; i < n; i++)
        {
            start[i] = kept[i].TimeUtc.Ticks;
        }

        return new BarTrack(
            series.Symbol,
            start,
            Ends(start, series.BarDuration),
            kept.Select(b => b.High).ToArray(),
            kept.Select(b => b.Low).ToArray(),
            kept.Select(b => b.Close).ToArray());
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

    private static bool IsSorted(Bar[] bars)
    {
        for (var i = 1; i < bars.Length; i++)
        {
            if (bars[i].TimeUtc < bars[i - 1].TimeUtc)
            {
                return false;
            }
        }

        return true;
    }
}
