using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Inputs;

namespace QuantowerRecorder.Tests.Analytics;

/// <summary>Periods per year from the instruments' calendar (docs/metrics.md, "Periods per year").</summary>
public sealed class TradingCalendarTests
{
    private static readonly long Hour = TimeSpan.TicksPerHour;

    // Monday 1 Jan 2024 00:00 UTC.
    private static readonly DateTime Monday = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// Hourly bars of an index future on CME's clock in UTC over two weeks: open Sunday 22:00, closed 21:00–22:00 each
    /// weekday, closed from Friday 21:00. Per UTC day: Sunday 2 hours, Monday–Thursday 23, Friday 21.
    /// </summary>
    private static List<(long, long)> FutureBars()
    {
        var bars = new List<(long, long)>();
        for (var h = -2; h < 14 * 24; h++)
        {
            var start = Monday.AddHours(h);
            var closed = start.DayOfWeek == DayOfWeek.Saturday
                || (start.DayOfWeek == DayOfWeek.Sunday && start.Hour < 22)
                || (start.DayOfWeek == DayOfWeek.Friday && start.Hour >= 21)
                || start.Hour == 21;
            if (!closed)
            {
                bars.Add((start.Ticks, start.Ticks + Hour));
            }
        }

        return bars;
    }

    [Test]
    public void A_session_bound_future_has_252_days_of_23_hours_and_crypto_365_days_of_24()
    {
        // Days with bars, hours each: Sun 2, Mon–Thu 23, Fri 21 (twice), sorted 2, 2, 21, 21, 23 × 8: median 23.
        var future = TradingCalendar.Of(["FUTURES"], FutureBars());
        Assert.That((future.DaysPerYear, future.HoursPerDay), Is.EqualTo((252, 23)));
        Assert.That((future.Days, future.Hours, future.Minutes), Is.EqualTo((252, 252 * 23, 252 * 23 * 60)));

        // Bitcoin every hour of every day: 365 × 24 = 8,760 hourly periods, not 252 × 24 = 6,048.
        var allHours = Enumerable.Range(0, 14 * 24).Select(h => (Monday.AddHours(h).Ticks, Monday.AddHours(h + 1).Ticks)).ToList();
        var crypto = TradingCalendar.Of(["CRYPTO"], allHours);
        Assert.That((crypto.DaysPerYear, crypto.HoursPerDay, crypto.Hours), Is.EqualTo((365, 24, 8_760)));
    }

    [Test]
    public void A_market_open_on_saturdays_trades_every_day_whatever_its_type_and_crypto_does_without_bars()
    {
        // One bar on Saturday 6 Jan 2024 makes the week seven days; a CRYPTO symbol is every day even without bars.
        var saturday = Monday.AddDays(5);
        Assert.That(TradingCalendar.Of([null], [(saturday.Ticks, saturday.Ticks + Hour)]).DaysPerYear, Is.EqualTo(365));
        Assert.That(TradingCalendar.Of(["crypto"], []), Is.EqualTo(new TradingCalendar(365, 24)));
        Assert.That(TradingCalendar.Of(["EQUITY"], []), Is.EqualTo(new TradingCalendar(252, 24)), "no bars: hours unknown, 24");

        // A Saturday bar inside the hour a Friday bar ended in still counts: a bar from Friday 23:50 to Saturday 00:10, then
        // minute bars from 00:10.
        var lateFriday = saturday.AddMinutes(-10);
        List<(long, long)> acrossMidnight = [(lateFriday.Ticks, saturday.AddMinutes(10).Ticks), .. Enumerable.Range(10, 5)
            .Select(i => (saturday.AddMinutes(i).Ticks, saturday.AddMinutes(i + 1).Ticks))];
        Assert.That(TradingCalendar.Of([null], acrossMidnight).DaysPerYear, Is.EqualTo(365));
        Assert.That(TradingCalendar.Of([null], acrossMidnight.Take(1)).DaysPerYear, Is.EqualTo(252), "the bar begun on Friday alone");

        // Four-hour bars cover four clock hours each: six a day are 24 hours.
        var fourHours = Enumerable.Range(0, 12).Select(i => (Monday.AddHours(4 * i).Ticks, Monday.AddHours(4 * (i + 1)).Ticks)).ToList();
        Assert.That(TradingCalendar.Of([null], fourHours).HoursPerDay, Is.EqualTo(24));
    }

    [Test]
    public void An_analysis_reads_the_calendar_from_its_bar_tracks_as_from_the_bars_themselves()
    {
        // The future's hourly bars and, on its own symbol, minute bars from Friday 23:58 into Saturday: the tracks'
        // arrays give the calendar the bars' pairs give, symbol after symbol.
        var future = FutureBars().Select(b => new Bar(new DateTime(b.Item1, DateTimeKind.Utc), 1, 1, 1, 1, 1)).ToList();
        var lateFriday = Monday.AddDays(5).AddMinutes(-2);
        var weekend = Enumerable.Range(0, 5).Select(i => new Bar(lateFriday.AddMinutes(i), 1, 1, 1, 1, 1)).ToList();
        var futureOnly = BarTrack.BuildAll([new BarSeries("ES", future) { BarDuration = TimeSpan.FromHours(1) }]).Values.ToList();
        var both = BarTrack.BuildAll([new BarSeries("ES", future) { BarDuration = TimeSpan.FromHours(1) },
            new BarSeries("BTC", weekend) { BarDuration = TimeSpan.FromMinutes(1) }]).Values.OrderBy(t => t.Symbol, StringComparer.Ordinal).ToList();

        static List<(long, long)> Pairs(List<BarTrack> tracks) => tracks.SelectMany(t => Enumerable.Range(0, t.Count).Select(i => (t.Start[i], t.End[i]))).ToList();
        Assert.That(TradingCalendar.OfTracks(["FUTURES"], futureOnly), Is.EqualTo(new TradingCalendar(252, 23)));
        Assert.That(TradingCalendar.OfTracks(["FUTURES"], futureOnly), Is.EqualTo(TradingCalendar.Of(["FUTURES"], Pairs(futureOnly))));
        Assert.That(TradingCalendar.OfTracks(["FUTURES", null], both), Is.EqualTo(new TradingCalendar(365, 23)), "a bar begun on Saturday");
        Assert.That(TradingCalendar.OfTracks(["FUTURES", null], both), Is.EqualTo(TradingCalendar.Of(["FUTURES", null], Pairs(both))));
    }

    [Test]
    public void A_runs_daily_sharpe_is_annualised_by_its_instruments_calendar()
    {
        // Hold 1 unit from Monday 00:00 on hourly bars every day for 8 days; the price is flat within a day and each
        // day's close is 100, 102, 101, 104, 103, 105, 104, 107. Balance 1,000, bought at 100: equity = 900 + close.
        double[] closes = [100, 102, 101, 104, 103, 105, 104, 107];
        var bars = new List<Bar>();
        for (var h = 0; h < closes.Length * 24; h++)
        {
            var c = closes[h / 24];
            bars.Add(new Bar(Monday.AddHours(h), c, c, c, c, 1));
        }

        RunAnalysis Analyze(string symbolType) => RunAnalyzer.Analyze(new RunInput(
            [new Fill("f", "o", "BTC", "A", Side.Buy, 1, 100, 0, Monday, PositionImpact.Open)], [],
            [new BarSeries("BTC", bars) { BarDuration = TimeSpan.FromHours(1) }],
            new RunContext
            {
                InitialBalance = 1_000, StartUtc = Monday, EndUtc = Monday.AddDays(closes.Length),
                Symbols = new Dictionary<string, SymbolSpec> { ["BTC"] = new() { PointValue = 1, SymbolType = symbolType } },
            }));

        // Daily returns: equity 1000 → 1000, 1002, 1001, 1004, 1003, 1005, 1004, 1007 (the first day's close is 100).
        double[] equity = [1000, 1000, 1002, 1001, 1004, 1003, 1005, 1004, 1007];
        var returns = Enumerable.Range(1, closes.Length).Select(d => (equity[d] / equity[d - 1]) - 1).ToArray();
        var mean = returns.Average();
        var sd = Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / (returns.Length - 1));

        // The bars trade on Saturday 6 Jan: every day, whatever the type says.
        var crypto = Analyze("CRYPTO");
        Assert.That(crypto.Value(MetricKeys.PeriodsPerYear), Is.EqualTo(365));
        Assert.That(crypto.Value(MetricKeys.HoursPerDay), Is.EqualTo(24));
        Assert.That(crypto.Value(MetricKeys.Sharpe), Is.EqualTo(mean / sd * Math.Sqrt(365)).Within(1e-9));
        Assert.That(crypto.Value(MetricKeys.VolatilityAnnualised), Is.EqualTo(sd * Math.Sqrt(365) * 100).Within(1e-9));

        // The same without the weekend bars and as a future: 252.
        bars.RemoveAll(b => b.TimeUtc.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
        var weekdays = Analyze("FUTURES");
        Assert.That(weekdays.Value(MetricKeys.PeriodsPerYear), Is.EqualTo(252));
        Assert.That(weekdays.Value(MetricKeys.TradingDays), Is.EqualTo(6), "Mon–Fri and the next Monday");
    }
}
