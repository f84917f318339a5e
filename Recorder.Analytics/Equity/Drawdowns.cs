namespace QuantowerRecorder.Analytics.Equity;

/// <summary>Drawdown from the running peak, and the statistics of drawdown episodes.</summary>
internal static class Drawdowns
{
    public static List<EquityPoint> Attach(List<EquityPoint> points, bool hasInitialBalance)
    {
        var peak = double.NegativeInfinity;
        for (var i = 0; i < points.Count; i++)
        {
            var equity = points[i].Equity;
            peak = Math.Max(peak, equity);
            var drawdown = peak - equity;
            double? pct = hasInitialBalance && peak > 0 ? drawdown / peak * 100 : null;
            points[i] = points[i] with { Drawdown = drawdown, DrawdownPct = pct };
        }

        return points;
    }

    /// <summary>
    /// An episode runs from the last point at a peak to the first point back at or above it (or to the last point
    /// when it never recovers). Average drawdown is the mean of the episodes' deepest drawdowns; 0 when none.
    /// </summary>
    public static DrawdownSummary Summarise(IReadOnlyList<EquityPoint> points)
    {
        double max = 0, depthSum = 0, depth = 0;
        double? maxPct = null;
        long longest = 0, peakTicks = 0;
        var episodes = 0;
        var inEpisode = false;
        foreach (var point in points)
        {
            max = Math.Max(max, point.Drawdown);
            if (point.DrawdownPct is { } pct)
            {
                maxPct = Math.Max(maxPct ?? 0, pct);
            }

            if (point.Drawdown > 0)
            {
                if (!inEpisode)
                {
                    inEpisode = true;
                    depth = 0;
                }

                depth = Math.Max(depth, point.Drawdown);
                continue;
            }

            if (inEpisode)
            {
                inEpisode = false;
                episodes++;
                depthSum += depth;
                longest = Math.Max(longest, point.TimeUtc.Ticks - peakTicks);
            }

            peakTicks = point.TimeUtc.Ticks;
        }

        if (inEpisode)
        {
            episodes++;
            depthSum += depth;
            longest = Math.Max(longest, points[^1].TimeUtc.Ticks - peakTicks);
        }

        return new DrawdownSummary(max, maxPct, episodes == 0 ? 0 : depthSum / episodes, (double)longest / TimeSpan.TicksPerDay);
    }
}
