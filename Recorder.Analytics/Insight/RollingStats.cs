using QuantowerRecorder.Analytics.Stats;

namespace QuantowerRecorder.Analytics.Insight;

/// <summary>Rolling Sharpe ratio and volatility of daily returns (docs/metrics.md, "Rolling Sharpe and volatility").</summary>
public static class RollingStats
{
    /// <summary>The default window: 126 trading days, about six months.</summary>
    public const int DefaultWindow = 126;

    /// <summary>
    /// One point per day from the window's last day on: Sharpe = mean / sample std × √P, volatility = sample std ×
    /// √P × 100, over the <paramref name="window"/> returns ending that day.
    /// </summary>
    public static IReadOnlyList<RollingPoint> Compute(IReadOnlyList<DailyValue> returns, int window = DefaultWindow, int periodsPerYear = 252)
    {
        ArgumentNullException.ThrowIfNull(returns);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(periodsPerYear, 1);
        var points = new List<RollingPoint>(Math.Max(0, returns.Count - window + 1));
        var annualise = Math.Sqrt(periodsPerYear);
        var values = returns.Select(r => r.Value).ToArray();
        for (var end = window - 1; end < returns.Count; end++)
        {
            // Recomputed per window (two passes) rather than a running sum: no cancellation on long series.
            var days = new ArraySegment<double>(values, end - window + 1, window);
            var mean = Moments.Mean(days);
            var std = Moments.SampleStdDev(days)!.Value;
            points.Add(std > 0
                ? new RollingPoint(returns[end].Day, mean / std * annualise, std * annualise * 100)
                : new RollingPoint(returns[end].Day, null, null));
        }

        return points;
    }
}
