namespace QuantowerRecorder.Analytics.Insight;

/// <summary>The worst drawdown episodes of an equity curve (docs/metrics.md, "Worst drawdowns").</summary>
public static class DrawdownEpisodes
{
    /// <summary>
    /// All episodes, deepest first (ties: earlier start first), at most <paramref name="count"/>. The episodes are the
    /// same as those of <c>avg_drawdown</c>: from the last point at the running peak to the first point back at or
    /// above it. Depth % = depth / peak × 100, null when the peak is ≤ 0 or <paramref name="knownBalance"/> is false.
    /// </summary>
    public static IReadOnlyList<DrawdownEpisode> Worst(IReadOnlyList<EquityPoint> equity, int count = 5, bool knownBalance = true)
    {
        ArgumentNullException.ThrowIfNull(equity);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return InTimeOrder(equity, knownBalance).OrderByDescending(e => e.Depth).ThenBy(e => e.StartUtc).Take(count).ToList();
    }

    internal static List<DrawdownEpisode> InTimeOrder(IReadOnlyList<EquityPoint> equity, bool knownBalance)
    {
        var episodes = new List<DrawdownEpisode>();
        if (equity.Count == 0)
        {
            return episodes;
        }

        var peak = equity[0].Equity;
        var start = equity[0].TimeUtc;
        var valley = start;
        var low = peak;
        var inEpisode = false;
        foreach (var point in equity)
        {
            if (point.Equity >= peak)
            {
                if (inEpisode)
                {
                    episodes.Add(Episode(start, valley, point.TimeUtc, peak, low, point.TimeUtc, knownBalance));
                    inEpisode = false;
                }

                peak = point.Equity;
                start = point.TimeUtc;
                continue;
            }

            if (!inEpisode || point.Equity < low)
            {
                low = point.Equity;
                valley = point.TimeUtc;
                inEpisode = true;
            }
        }

        if (inEpisode)
        {
            episodes.Add(Episode(start, valley, null, peak, low, equity[^1].TimeUtc, knownBalance));
        }

        return episodes;
    }

    private static DrawdownEpisode Episode(DateTime start, DateTime valley, DateTime? recovery, double peak, double low, DateTime end, bool knownBalance) =>
        new(start, valley, recovery, peak - low, knownBalance && peak > 0 ? (peak - low) / peak * 100 : null, end - start);
}
