namespace QuantowerRecorder.Analytics.Insight;

/// <summary>Daily returns from stored equity points (docs/metrics.md, "Rolling Sharpe and volatility").</summary>
public static class DailyReturns
{
    /// <summary>
    /// The close of a UTC day is its last equity point; a day's return is close / previous close − 1, the first day
    /// against the first point. Empty when any close before a return is ≤ 0 (a return is then meaningless).
    /// </summary>
    public static IReadOnlyList<DailyValue> FromEquity(IReadOnlyList<EquityPoint> equity)
    {
        ArgumentNullException.ThrowIfNull(equity);
        var closes = new SortedDictionary<DateOnly, double>();
        foreach (var point in equity.OrderBy(p => p.TimeUtc))
        {
            closes[DateOnly.FromDateTime(point.TimeUtc)] = point.Equity;
        }

        return FromCloses(closes, equity.Count > 0 ? equity.MinBy(p => p.TimeUtc).Equity : 0);
    }

    internal static IReadOnlyList<DailyValue> FromCloses(SortedDictionary<DateOnly, double> closes, double first)
    {
        var returns = new List<DailyValue>(closes.Count);
        var previous = first;
        foreach (var (day, close) in closes)
        {
            if (previous <= 0)
            {
                return [];
            }

            returns.Add(new DailyValue(day, (close / previous) - 1));
            previous = close;
        }

        return returns;
    }
}
