using System.Globalization;
using NUnit.Framework;
using QuantowerRecorder.Plugin.Diagnostics;
using QuantowerRecorder.Plugin.Mapping;
using QuantowerRecorder.Plugin.Recording;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Plugin.Support;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Tests.Plugin;

/// <summary>
/// The forming bar: a live (paper, replay) run writes it on every tick, so a crash keeps its newest state; a backtest
/// (a connection of type Backtester) holds it until it closes or the run ends, as every state of it but the last is
/// coalesced away by the writer anyway.
/// </summary>
[TestFixture]
public sealed class FormingBarTests : PluginTestBase
{
    private readonly List<BarRecorded> bars = [];

    [Test]
    public void A_live_run_records_its_forming_bar_on_every_tick()
    {
        using var series = Start(RunSource.Live);
        Trade(10, 101);
        Trade(20, 99.5);

        Assert.That(Recorded(), Is.EqualTo(new[] { "14:30 100-101-100-101 2x forming", "14:30 100-101-99.5-99.5 3x forming" }));

        Trade(65, 100.75);
        Assert.That(Recorded()[^2..], Is.EqualTo(new[] { "14:30 100-101-99.5-99.5 3x closed", "14:31 100.75-100.75-100.75-100.75 1x forming" }));
    }

    [Test]
    public void A_backtest_holds_its_forming_bar_until_it_closes_then_records_it_on_every_tick_once_its_run_ends()
    {
        using var series = Start(RunSource.Backtest);
        Trade(10, 101);
        Trade(20, 99.5);
        Assert.That(Recorded(), Is.Empty, "no forming state while the backtest plays");

        Trade(65, 100.75);
        Trade(70, 101.25);
        Assert.That(Recorded(), Is.EqualTo(new[] { "14:30 100-101-99.5-99.5 3x closed" }), "the bar once, as it closes");

        series.StopHolding();
        Assert.That(Recorded()[^1], Is.EqualTo("14:31 100.75-101.25-100.75-101.25 2x forming"), "the forming bar's newest state as the run ends");

        Trade(75, 102);
        Assert.That(Recorded()[^1], Is.EqualTo("14:31 100.75-102-100.75-102 3x forming"), "and every tick until the run has ended");
        Assert.That(Recorded(), Has.Length.EqualTo(3));
    }

    [Test]
    public void A_backtest_records_the_same_bars_as_a_live_run_its_last_one_as_the_run_ends()
    {
        var backtester = StandInPlatform.CreateBacktester();
        var account = backtester.AddAccount("BT");
        var symbol = backtester.AddSymbol("ES", tickSize: 0.25, bid: 100, ask: 100.25, last: 100);
        backtester.SetHistory(symbol, Period.MIN1, [StandInHistory.Bar(T0, Period.MIN1, 100, 100, 100, 100, 1)]);
        var recorder = StandInStrategies.Create(new QuantowerRecorder.Plugin.RunRecorderStrategy(Clock) { Drain = TestDrain });
        Track(recorder).Settings =
        [
            StandInSettings.Item("Account", account), StandInSettings.Item("Symbol", symbol), StandInSettings.Item("Database file", Db.Path),
            StandInSettings.Item("Record bars", true), StandInSettings.Item("Bar period", Period.MIN1),
        ];
        recorder.Run();

        StandInHistory.PushTick(symbol, T0.AddSeconds(10), 101);
        StandInHistory.PushTick(symbol, T0.AddSeconds(20), 99.5);
        StandInHistory.PushTick(symbol, T0.AddSeconds(50), 100.5);
        StandInHistory.PushTick(symbol, T0.AddSeconds(65), 100.75);
        StandInHistory.PushTick(symbol, T0.AddSeconds(70), 101.25);
        recorder.Stop();

        Assert.That(Scalar<string>("SELECT run_type FROM strategy_runs"), Is.EqualTo("BACKTEST"));
        // The same rows as the live run of BarTests' first test: the bar still forming at the end in its last state.
        Assert.That(Rows<(string, double, double, double, double, double)>("SELECT ts_utc, open, high, low, close, volume FROM bars ORDER BY ts_utc"),
            Is.EqualTo(new[]
            {
                ("2026-03-02T14:30:00.0000000Z", 100.0, 101.0, 99.5, 100.5, 4.0),
                ("2026-03-02T14:31:00.0000000Z", 100.75, 101.25, 100.75, 101.25, 2.0),
            }));
        AssertNoPlatformHandlerErrors();
    }

    private BarSeriesRecorder Start(RunSource source)
    {
        StandInHistory.PushTick(Symbol, T0, 100);
        var clock = RunClock.For(Clock, simulated: false, Account, Symbol);
        var recorder = new BarSeriesRecorder(Symbol, Period.MIN1, volumeAnalysis: false, "run-1", source, Collect, clock, new ProblemLog(null));
        recorder.Start(T0);
        lock (bars)
        {
            // The catch-up's first state of the bar the run started in (a live run's), not what the tests look at.
            bars.Clear();
        }

        return recorder;
    }

    private void Trade(int second, double price) => StandInHistory.PushTick(Symbol, T0.AddSeconds(second), price);

    private void Collect(RecorderEvent e)
    {
        if (e is BarRecorded bar)
        {
            lock (bars)
            {
                bars.Add(bar);
            }
        }
    }

    private string[] Recorded()
    {
        lock (bars)
        {
            return [.. bars.Select(b => string.Create(CultureInfo.InvariantCulture,
                $"{b.OpenUtc:HH:mm} {b.Open}-{b.High}-{b.Low}-{b.Close} {b.Volume}x {(b.IsClosed ? "closed" : "forming")}"))];
        }
    }
}
