namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// Returns per period from equity curves, aligned on one calendar (docs/studies.md, "Returns per period"): the
/// coarsest of day, hour and minute that gives the study enough periods for its partitions.
/// </summary>
internal static class StudyReturns
{
    public static (StudyPeriod Period, List<List<double>> Returns) Of(IReadOnlyList<IReadOnlyList<EquityRow>> curves, int wanted)
    {
        foreach (var period in new[] { StudyPeriod.Day, StudyPeriod.Hour, StudyPeriod.Minute })
        {
            var calendar = curves.SelectMany(c => c).Select(p => Key(p.TsUtc, period)).Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal).ToList();
            if (calendar.Count >= wanted || period == StudyPeriod.Minute)
            {
                return (period, curves.Select(c => Returns(c, calendar, period)).ToList());
            }
        }

        throw new InvalidOperationException("unreachable: minutes are the last period");
    }

    /// <summary>Periods per year to annualise with, by the passes' trading calendar (docs/metrics.md, "Periods per year").</summary>
    public static int PerYear(StudyPeriod period, Analytics.TradingCalendar calendar) => period switch
    {
        StudyPeriod.Day => calendar.Days,
        StudyPeriod.Hour => calendar.Hours,
        _ => calendar.Minutes,
    };

    private static string Key(string tsUtc, StudyPeriod period) => period switch
    {
        StudyPeriod.Day => tsUtc[..Math.Min(10, tsUtc.Length)],
        StudyPeriod.Hour => tsUtc[..Math.Min(13, tsUtc.Length)],
        _ => tsUtc[..Math.Min(16, tsUtc.Length)],
    };

    // A period's return is its last equity over the one before (the pass's first point for its first period); before
    // the pass's first point it is missing (NaN), after its last it is flat (0), and a non-positive base is missing.
    private static List<double> Returns(IReadOnlyList<EquityRow> curve, List<string> calendar, StudyPeriod period)
    {
        var closes = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var point in curve)
        {
            closes[Key(point.TsUtc, period)] = point.Equity;
        }

        var returns = new List<double>(calendar.Count);
        double? previous = curve.Count > 0 ? curve[0].Equity : null;
        var started = false;
        foreach (var key in calendar)
        {
            started |= closes.ContainsKey(key);
            if (!started || previous is not { } before)
            {
                returns.Add(double.NaN);
                continue;
            }

            var close = closes.TryGetValue(key, out var c) ? c : before;
            returns.Add(before > 0 ? close / before - 1 : double.NaN);
            previous = close;
        }

        return returns;
    }
}
