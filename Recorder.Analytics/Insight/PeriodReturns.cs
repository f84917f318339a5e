namespace QuantowerRecorder.Analytics.Insight;

/// <summary>Calendar-month and calendar-year returns of an equity curve (docs/metrics.md, "Monthly and annual returns").</summary>
public static class PeriodReturns
{
    /// <summary>
    /// One row per UTC month that holds an equity point after the first, in order: the month's last equity over the
    /// previous month's last (the first month over the curve's first point) − 1; null when that base is ≤ 0. The
    /// first point (the run's start at its initial equity) is only the base: a run that starts at 23:54 on the last
    /// day of a month and trades from the next has no return in the month it started.
    /// </summary>
    public static IReadOnlyList<PeriodReturn> Monthly(IReadOnlyList<EquityPoint> equity) =>
        Compute(equity, p => new PeriodKey(Closing(p).Year, Closing(p).Month));

    /// <summary>The same per UTC calendar year (<see cref="PeriodReturn.Month"/> is null).</summary>
    public static IReadOnlyList<PeriodReturn> Annual(IReadOnlyList<EquityPoint> equity) =>
        Compute(equity, p => new PeriodKey(Closing(p).Year, null));

    // A period is (its first instant, its last instant]: a point stamped exactly at midnight on the 1st closes the
    // month before (an hourly bar that ends at 00:00 opened in it), as a bar's point belongs to the day of its open.
    private static DateTime Closing(EquityPoint point) => point.TimeUtc == DateTime.MinValue ? point.TimeUtc : point.TimeUtc.AddTicks(-1);

    private static List<PeriodReturn> Compute(IReadOnlyList<EquityPoint> equity, Func<EquityPoint, PeriodKey> key)
    {
        ArgumentNullException.ThrowIfNull(equity);
        var result = new List<PeriodReturn>();
        if (equity.Count == 0)
        {
            return result;
        }

        var ordered = equity.OrderBy(p => p.TimeUtc).ToList();
        var baseline = ordered[0].Equity;
        foreach (var period in ordered.Skip(1).GroupBy(key).OrderBy(g => g.Key.Year).ThenBy(g => g.Key.Month ?? 0))
        {
            var last = period.Last().Equity;
            result.Add(new PeriodReturn(period.Key.Year, period.Key.Month, baseline > 0 ? (last / baseline) - 1 : null));
            baseline = last;
        }

        return result;
    }

    private readonly record struct PeriodKey(int Year, int? Month);
}
