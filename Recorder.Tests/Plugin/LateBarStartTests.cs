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
/// A run whose file opens in the background asks for its bars a moment after it started, and a backtest may have
/// played many bars by then: the bars come from the run's start (the symbol's history), each closed bar once, then live.
/// </summary>
[TestFixture]
public sealed class LateBarStartTests : PluginTestBase
{
    private readonly List<BarRecorded> bars = [];
    private readonly object sync = new();

    [Test]
    public void Bars_traded_before_a_late_subscription_are_recorded_from_the_runs_start_then_live_each_closed_bar_once()
    {
        // The run started at 14:30:05; the bars' request comes at 14:33:20, three bars later.
        for (var second = 5; second <= 200; second += 15)
        {
            StandInHistory.PushTick(Symbol, T0.AddSeconds(second), 100 + second / 60);
        }

        Clock.Set(T0.AddSeconds(200));
        using var series = Start(runStart: T0.AddSeconds(5));
        StandInHistory.PushTick(Symbol, T0.AddSeconds(245), 105);
        StandInHistory.PushTick(Symbol, T0.AddSeconds(250), 106);

        Assert.That(Closed(), Is.EqualTo(new[] { "14:30 4x", "14:31 4x", "14:32 4x", "14:33 2x" }), "every bar from the run's first, once, in order");
        series.StopHolding();
        Assert.That(Newest(), Is.EqualTo("14:34 2x forming"), "the backtest's forming bar, as its run ends");
    }

    [Test]
    public void A_bar_that_had_closed_when_the_run_started_is_not_the_runs()
    {
        StandInHistory.PushTick(Symbol, T0.AddSeconds(30), 100);
        StandInHistory.PushTick(Symbol, T0.AddSeconds(65), 101);

        // Started on the edge of 14:31: the request reaches back one period, to 14:30, which had closed.
        Clock.Set(T0.AddSeconds(65));
        using var series = Start(runStart: T0.AddMinutes(1));
        StandInHistory.PushTick(Symbol, T0.AddSeconds(125), 102);

        Assert.That(Closed(), Is.EqualTo(new[] { "14:31 1x" }));
        series.StopHolding();
        Assert.That(Newest(), Is.EqualTo("14:32 1x forming"));
    }

    private BarSeriesRecorder Start(DateTime runStart)
    {
        lock (sync)
        {
            bars.Clear();
        }

        var clock = RunClock.For(Clock, simulated: false, Account, Symbol);
        var recorder = new BarSeriesRecorder(Symbol, Period.MIN1, volumeAnalysis: false, "run-1", RunSource.Backtest, Collect, clock, new ProblemLog(null));
        recorder.Start(runStart);
        return recorder;
    }

    private void Collect(RecorderEvent e)
    {
        if (e is BarRecorded bar)
        {
            lock (sync)
            {
                bars.Add(bar);
            }
        }
    }

    private string[] Closed()
    {
        lock (sync)
        {
            return [.. bars.Where(b => b.IsClosed).Select(Describe)];
        }
    }

    private string Newest()
    {
        lock (sync)
        {
            return Describe(bars[^1]) + (bars[^1].IsClosed ? string.Empty : " forming");
        }
    }

    private static string Describe(BarRecorded bar) =>
        bar.OpenUtc.ToString("HH:mm", CultureInfo.InvariantCulture) + " " + bar.Volume!.Value.ToString(CultureInfo.InvariantCulture) + "x";
}
