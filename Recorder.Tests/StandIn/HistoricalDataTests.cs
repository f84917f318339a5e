using NUnit.Framework;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Tests.StandIn;

[TestFixture]
public sealed class HistoricalDataTests : PlatformTestBase
{
    private static readonly DateTime T0 = new(2024, 3, 1, 14, 30, 0, DateTimeKind.Utc);

    private HistoricalData LiveMinuteBars(int bars = 3)
    {
        this.Broker.SetHistory(this.Symbol, Period.MIN1, Enumerable.Range(0, bars).Select(i => StandInHistory.Bar(T0.AddMinutes(i), Period.MIN1, 100 + i, 101 + i, 99 + i, 100.5 + i, 10)));
        return this.Symbol.GetHistory(Period.MIN1, T0);
    }

    [Test]
    public void Offset_0_from_End_is_the_newest_bar_and_Begin_counts_from_the_oldest()
    {
        var hd = this.LiveMinuteBars();

        Assert.That(hd.Count, Is.EqualTo(3));
        Assert.That(hd[0].TimeLeft, Is.EqualTo(T0.AddMinutes(2)));
        Assert.That(hd[1].TimeLeft, Is.EqualTo(T0.AddMinutes(1)));
        Assert.That(hd[0, SeekOriginHistory.Begin].TimeLeft, Is.EqualTo(T0));
    }

    [Test]
    public void NewHistoryItem_is_raised_after_the_append_with_the_closed_bar_at_1()
    {
        var hd = this.LiveMinuteBars();
        (DateTime Newest, DateTime Closed, int Count)? seen = null;
        hd.NewHistoryItem += (_, e) => seen = (hd[0].TimeLeft, hd[1].TimeLeft, hd.Count);

        StandInHistory.PushTick(this.Symbol, T0.AddMinutes(3).AddSeconds(2), 104);

        Assert.That(seen, Is.EqualTo((T0.AddMinutes(3), T0.AddMinutes(2), 4)));
        Assert.That(hd[0][PriceType.Open], Is.EqualTo(104));
    }

    [Test]
    public void A_history_requested_after_trades_holds_the_bars_they_made_on_the_bars_given()
    {
        var live = this.LiveMinuteBars();
        StandInHistory.PushTick(this.Symbol, T0.AddMinutes(2).AddSeconds(30), 103.5, volume: 2);
        StandInHistory.PushTick(this.Symbol, T0.AddMinutes(3).AddSeconds(10), 104);
        StandInHistory.PushTick(this.Symbol, T0.AddMinutes(3).AddSeconds(40), 103, volume: 3);

        var later = this.Symbol.GetHistory(Period.MIN1, T0.AddMinutes(2));

        var bars = Enumerable.Range(0, later.Count).Select(i => (HistoryItemBar)later[i, SeekOriginHistory.Begin])
            .Select(b => (b.TimeLeft, b.Open, b.High, b.Low, b.Close, b.Volume)).ToArray();
        Assert.That(bars, Is.EqualTo(new[]
        {
            (T0.AddMinutes(2), 102.0, 103.5, 101.0, 103.5, 12.0),
            (T0.AddMinutes(3), 104.0, 104.0, 103.0, 103.0, 4.0),
        }), "the bar given with the trade on it, then the bar the trades made");
        Assert.That(((HistoryItemBar)live[0]).Volume, Is.EqualTo(4.0), "the live history saw the same");
    }

    [Test]
    public void A_tick_inside_the_forming_bar_updates_0_through_HistoryItemUpdated()
    {
        var hd = this.LiveMinuteBars();
        var updates = new List<double>();
        var newBars = 0;
        hd.HistoryItemUpdated += (_, e) => updates.Add(((HistoryItemBar)e.HistoryItem).Close);
        hd.NewHistoryItem += (_, _) => newBars++;

        StandInHistory.PushTick(this.Symbol, T0.AddMinutes(2).AddSeconds(30), 103.5, volume: 2);

        Assert.That(updates, Is.EqualTo(new[] { 103.5 }));
        Assert.That(newBars, Is.Zero);
        var bar = (HistoryItemBar)hd[0];
        Assert.That((bar.High, bar.Close, bar.Volume), Is.EqualTo((103.5, 103.5, 12.0)));
    }

    [Test]
    public void A_throwing_HistoryItemUpdated_handler_propagates_to_the_tick()
    {
        var hd = this.LiveMinuteBars();
        hd.HistoryItemUpdated += (_, _) => throw new InvalidOperationException("bar handler");

        Assert.That(() => StandInHistory.PushTick(this.Symbol, T0.AddMinutes(2).AddSeconds(1), 102), Throws.InvalidOperationException);
    }

    [Test]
    public void A_throwing_NewHistoryItem_subscriber_does_not_stop_the_others()
    {
        var hd = this.LiveMinuteBars();
        var second = 0;
        hd.NewHistoryItem += (_, _) => throw new InvalidOperationException("first");
        hd.NewHistoryItem += (_, _) => second++;

        Assert.That(() => StandInHistory.AppendBar(hd, StandInHistory.Bar(T0.AddMinutes(3), Period.MIN1, 1, 1, 1, 1)), Throws.Nothing);

        Assert.That(second, Is.EqualTo(1));
        Assert.That(StandInPlatform.HandlerErrors, Has.Length.EqualTo(1));
    }

    [Test]
    public void History_with_a_ToTime_is_a_closed_range_that_does_not_update_live()
    {
        this.Broker.SetHistory(this.Symbol, Period.MIN1, Enumerable.Range(0, 5).Select(i => StandInHistory.Bar(T0.AddMinutes(i), Period.MIN1, 1, 1, 1, 1)));
        var hd = this.Symbol.GetHistory(Period.MIN1, T0.AddMinutes(1), T0.AddMinutes(3));

        StandInHistory.PushTick(this.Symbol, T0.AddMinutes(10), 5);

        Assert.That(hd.Count, Is.EqualTo(3));
        Assert.That(hd[0].TimeLeft, Is.EqualTo(T0.AddMinutes(3)));
    }

    [Test]
    public void A_disposed_HistoricalData_stops_receiving_ticks()
    {
        var hd = this.LiveMinuteBars();
        hd.Dispose();

        StandInHistory.PushTick(this.Symbol, T0.AddMinutes(5), 5);

        Assert.That(hd.Count, Is.EqualTo(3));
    }

    [Test]
    public void A_new_bar_starts_with_NaN_OHLC_and_a_UTC_TimeLeft_from_TicksLeft()
    {
        var bar = new HistoryItemBar { TicksLeft = T0.Ticks };

        Assert.That(new[] { bar.Open, bar.High, bar.Low, bar.Close }, Has.All.NaN);
        Assert.That(bar.TimeLeft, Is.EqualTo(T0));
        Assert.That(bar.TimeLeft.Kind, Is.EqualTo(DateTimeKind.Utc));
        Assert.That(bar[PriceType.Bid], Is.NaN);
    }

    [Test]
    public void Bars_compare_by_value()
    {
        var a = StandInHistory.Bar(T0, Period.MIN1, 1, 2, 0.5, 1.5, 10);
        var b = (HistoryItemBar)a.Clone();

        Assert.That(a == b, Is.True);
        b.Close = 1.75;
        Assert.That(a == b, Is.False);
    }

    [Test]
    public void HistoryItem_data_round_trips_by_key_and_type()
    {
        var bar = new HistoryItemBar();
        bar.SetData("k", 42);

        Assert.That(bar.TryGetData("k", out int value) && value == 42, Is.True);
        Assert.That(bar.TryGetData("k", out string _), Is.False);
    }
}
