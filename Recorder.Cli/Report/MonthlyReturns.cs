namespace QuantowerRecorder.Cli.Report;

/// <summary>
/// Month-by-month return of an equity curve: the month's last equity over the previous month's last (the first
/// month over the curve's first point), in percent.
/// </summary>
internal static class MonthlyReturns
{
    public static IReadOnlyList<(string Month, double? ReturnPct)> Compute(IReadOnlyList<EquitySample> equity)
    {
        var result = new List<(string, double?)>();
        if (equity.Count == 0)
        {
            return result;
        }

        var baseline = equity[0].Equity;
        foreach (var month in equity.GroupBy(e => new DateOnly(e.TimeUtc.Year, e.TimeUtc.Month, 1)).OrderBy(g => g.Key))
        {
            var last = month.Last().Equity;
            result.Add((month.Key.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
                baseline > 0 ? 100.0 * ((last / baseline) - 1) : null));
            baseline = last;
        }

        return result;
    }
}
