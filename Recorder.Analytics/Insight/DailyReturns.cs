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
        var ordered = equity.OrderBy(p => p.TimeUtc).ToList();
        return FromCloses(ordered.Select(p => (p.TimeUtc, p.Equity)), ordered.Count > 0 ? ordered[0].Equity : 0);
    }

    /// <summary>The same over values in time order: a UTC day's close is its last value.</summary>
    internal static IReadOnlyList<DailyValue> FromCloses(IEnumerable<(DateTime TimeUtc, double Value)> ordered, double first)
    {
        var closes = new SortedDictionary<DateOnly, double>();
        foreach (var (time, value) in ordered)
        {
            closes[DateOnly.FromDateTime(time)] = value;
        }

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
