using QuantowerRecorder.Analytics.Insight;

namespace QuantowerRecorder.Analytics.Equity;

/// <summary>Drawdown from the running peak, and the statistics of drawdown episodes.</summary>
internal static class Drawdowns
{
    /// <summary>
    /// Each point's drawdown from the running peak, from point <paramref name="from"/> on (up to <paramref name="to"/>,
    /// exclusive: the last point when not given), where the points before it (and <paramref name="peak"/>, their peak:
    /// negative infinity before any) already have theirs; the peak after the last.
    /// </summary>
    public static double Attach(ChunkedList<EquityPoint> points, bool hasInitialBalance, int from = 0, double peak = double.NegativeInfinity, int? to = null)
    {
        var end = Math.Min(to ?? points.Count, points.Count);
        for (var i = from; i < end; i++)
        {
            var equity = points[i].Equity;
            peak = Math.Max(peak, equity);
            var drawdown = peak - equity;
            double? pct = hasInitialBalance && peak > 0 ? drawdown / peak * 100 : null;
            points[i] = points[i] with { Drawdown = drawdown, DrawdownPct = pct };
        }

        return peak;
    }

    /// <summary>
    /// The episodes are those of <see cref="DrawdownEpisodes"/>: from the last point at a peak to the first point back
    /// at or above it (or to the last point when it never recovers). Average drawdown is the mean of the episodes'
    /// deepest drawdowns; 0 when none.
    /// </summary>
    public static DrawdownSummary Summarise(IReadOnlyList<EquityPoint> points)
    {
        var episodes = DrawdownEpisodes.InTimeOrder(points, knownBalance: false);
        var maxPct = points.Max(p => p.DrawdownPct);
        if (episodes.Count == 0)
        {
            return new DrawdownSummary(0, maxPct, 0, 0);
        }

        var longest = episodes.Max(e => e.Length.Ticks);
        return new DrawdownSummary(episodes.Max(e => e.Depth), maxPct, episodes.Sum(e => e.Depth) / episodes.Count, (double)longest / TimeSpan.TicksPerDay);
    }
}
