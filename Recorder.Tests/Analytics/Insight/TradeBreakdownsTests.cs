using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Insight;
using static QuantowerRecorder.Tests.Analytics.Insight.Trades;

namespace QuantowerRecorder.Tests.Analytics.Insight;

public sealed class TradeBreakdownsTests
{
    private const double Tol = 1e-9;

    // T0 is Tuesday 09:00 UTC.
    private static readonly RoundTrip[] Sample =
    [
        Make(TradeSide.Long, 1, 0, 100, 5, 110, number: 1, entryTag: "a", exitReason: ExitReason.TakeProfit),   // Tue 09:00, +10
        Make(TradeSide.Short, 1, 30, 100, 40, 104, number: 2, exitReason: ExitReason.StopLoss),                   // Tue 09:30, −4
        Make(TradeSide.Long, 1, (24 * 60) + 60, 50, (24 * 60) + 70, 56, symbol: "NQ", number: 3, entryTag: "a"), // Wed 10:00, +6
    ];

    [Test]
    public void By_hour_in_utc_sums_each_hours_trades()
    {
        var rows = TradeBreakdowns.ByHourOfDay(Sample);

        // 09: +10 and −4 → 2 trades, 1 win (50 %), net 6, average 3. 10: one win of 6.
        Assert.That(rows.Select(r => r.Key), Is.EqualTo(new[] { "09", "10" }));
        Assert.That(rows[0].Trades, Is.EqualTo(2));
        Assert.That(rows[0].Wins, Is.EqualTo(1));
        Assert.That(rows[0].WinRate, Is.EqualTo(50).Within(Tol));
        Assert.That(rows[0].NetPnl, Is.EqualTo(6).Within(Tol));
        Assert.That(rows[0].AverageNetPnl, Is.EqualTo(3).Within(Tol));
        Assert.That(rows[1].NetPnl, Is.EqualTo(6).Within(Tol));
    }

    [Test]
    public void Hour_and_weekday_follow_the_given_time_zone()
    {
        // Ten hours behind UTC: Tue 09:00 → Mon 23:00, Tue 09:30 → Mon 23:30, Wed 10:00 → Wed 00:00.
        var zone = TimeZoneInfo.CreateCustomTimeZone("UTC-10 test", TimeSpan.FromHours(-10), "UTC-10 test", "UTC-10 test");

        var days = TradeBreakdowns.ByDayOfWeek(Sample, zone);
        var hours = TradeBreakdowns.ByHourOfDay(Sample, zone);

        Assert.That(days.Select(r => (r.Key, r.Trades)), Is.EqualTo(new[] { ("Monday", 2), ("Wednesday", 1) }));
        Assert.That(hours.Select(r => (r.Key, r.Trades)), Is.EqualTo(new[] { ("00", 1), ("23", 2) }));
        Assert.That(TradeBreakdowns.ByDayOfWeek(Sample).Select(r => r.Key), Is.EqualTo(new[] { "Tuesday", "Wednesday" }));
    }

    [Test]
    public void Weekdays_are_listed_monday_first_and_sunday_last()
    {
        // T0 + 5 days = Sunday, T0 − 1 day = Monday.
        var trades = new[] { Make(TradeSide.Long, 1, 5 * 24 * 60, 1, (5 * 24 * 60) + 1, 2), Make(TradeSide.Long, 1, -24 * 60, 1, (-24 * 60) + 1, 2) };

        Assert.That(TradeBreakdowns.ByDayOfWeek(trades).Select(r => r.Key), Is.EqualTo(new[] { "Monday", "Sunday" }));
    }

    [Test]
    public void By_side_symbol_tag_and_exit_reason()
    {
        Assert.That(TradeBreakdowns.BySide(Sample).Select(r => (r.Key, r.NetPnl)), Is.EqualTo(new[] { ("LONG", 16.0), ("SHORT", -4.0) }));
        Assert.That(TradeBreakdowns.BySymbol(Sample).Select(r => (r.Key, r.Trades)), Is.EqualTo(new[] { ("ES", 2), ("NQ", 1) }));
        Assert.That(TradeBreakdowns.ByEntryTag(Sample).Select(r => (r.Key, r.NetPnl)), Is.EqualTo(new[] { ("(none)", -4.0), ("a", 16.0) }));
        Assert.That(TradeBreakdowns.ByExitReason(Sample).Select(r => (r.Key, r.Trades)), Is.EqualTo(new[] { ("OTHER", 1), ("SL", 1), ("TP", 1) }));
    }
}
