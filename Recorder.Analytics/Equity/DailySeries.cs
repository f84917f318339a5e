namespace QuantowerRecorder.Analytics.Equity;

/// <summary>
/// Equity at the close of each trading day and the day's change. The days are those with a bar or a fill (a bar
/// belongs to the day of its open, a fill to the day of its time); a run without bars also gets every weekday from
/// its start to its end, the end taken as the instant before it (a run ending at midnight gains no empty day), with
/// no change on days without fills.
/// <see cref="Returns"/> is the change over the previous day's close, null when the initial balance is unknown
/// or equity was at or below zero.
/// </summary>
internal sealed record DailySeries(IReadOnlyList<DateOnly> Days, IReadOnlyList<double> Pnl, IReadOnlyList<double>? Returns)
{
    public static DailySeries Build(EquityCurve curve, bool hasInitialBalance)
    {
        // A day's close is its last point's equity: only the last point of each stretch of points on one day is written
        // (the last point of a day is always the last of a stretch, so this is the same as writing every point).
        var close = new SortedDictionary<DateOnly, double>();
        var (count, dayOf) = (curve.Points.Count, curve.Days);
        for (var i = 1; i < count; i++)
        {
            if (i == count - 1 || dayOf[i + 1] != dayOf[i])
            {
                close[dayOf[i]] = curve.Points[i].Equity;
            }
        }

        var days = new SortedSet<DateOnly>(close.Keys);
        if (!curve.HasBars && curve.Points.Count > 0)
        {
            var last = DateOnly.FromDateTime(new DateTime(Math.Max(curve.StartTicks, curve.EndTicks - 1), DateTimeKind.Utc));
            for (var d = DateOnly.FromDateTime(new DateTime(curve.StartTicks, DateTimeKind.Utc)); d <= last; d = d.AddDays(1))
            {
                if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                {
                    days.Add(d);
                }
            }
        }

        var pnl = new List<double>(days.Count);
        var returns = hasInitialBalance ? new List<double>(days.Count) : null;
        var previous = curve.InitialEquity;
        foreach (var day in days)
        {
            var today = close.TryGetValue(day, out var c) ? c : previous;
            pnl.Add(today - previous);
            if (returns is not null && previous > 0)
            {
                returns.Add((today - previous) / previous);
            }
            else
            {
                returns = null;
            }

            previous = today;
        }

        return new DailySeries(days.ToList(), pnl, returns);
    }
}
