using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Tests.Plugin.Support;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.Integration;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Tests.Plugin;

[TestFixture]
public sealed class BarTests : PluginTestBase
{
    [Test]
    public void Closed_bars_are_recorded_as_they_close_and_the_forming_bar_keeps_its_newest_state()
    {
        Broker.SetHistory(Symbol, Period.MIN1, [StandInHistory.Bar(T0, Period.MIN1, 100, 100, 100, 100, 1)]);
        var recorder = CreateRecorder(("Symbol", Symbol), ("Record bars", true), ("Bar period", Period.MIN1));
        recorder.Run();

        StandInHistory.PushTick(Symbol, T0.AddSeconds(10), 101);
        StandInHistory.PushTick(Symbol, T0.AddSeconds(20), 99.5);
        StandInHistory.PushTick(Symbol, T0.AddSeconds(50), 100.5);
        StandInHistory.PushTick(Symbol, T0.AddSeconds(65), 100.75);
        StandInHistory.PushTick(Symbol, T0.AddSeconds(70), 101.25);
        recorder.Stop();

        Assert.That(Rows<(string, string)>("SELECT symbol, timeframe FROM run_series"), Is.EqualTo(new[] { ("ES", "1m") }));
        Assert.That(Rows<(string, double, double, double, double, double)>("SELECT ts_utc, open, high, low, close, volume FROM bars ORDER BY ts_utc"),
            Is.EqualTo(new[]
            {
                ("2026-03-02T14:30:00.0000000Z", 100.0, 101.0, 99.5, 100.5, 4.0),
                ("2026-03-02T14:31:00.0000000Z", 100.75, 101.25, 100.75, 101.25, 2.0),
            }));
        AssertNoPlatformHandlerErrors();
    }

    [Test]
    public void With_volume_analysis_bars_carry_delta_buy_and_sell_volume_trades_and_the_POC()
    {
        Broker.SetVolumeAnalysis(VolumeAnalysisAvailability.Available);
        Broker.SetHistory(Symbol, Period.MIN1, [StandInHistory.Bar(T0, Period.MIN1, 100, 101, 99, 100.5, 10)]);
        StandInVolumeAnalysis.Provide(Symbol, T0, new VolumeAnalysisData
        {
            Total = new VolumeAnalysisItem { Volume = 10, BuyVolume = 7, SellVolume = 3, Trades = 4, BuyTrades = 3, SellTrades = 1 },
            PriceLevels = new Dictionary<double, VolumeAnalysisItem>
            {
                [99.75] = new() { Volume = 2 },
                [100.25] = new() { Volume = 6 },
                [100.5] = new() { Volume = 2 },
            },
        });
        var recorder = CreateRecorder(("Symbol", Symbol), ("Record bars", true), ("Bar period", Period.MIN1), ("Record volume analysis", true));
        recorder.Run();

        // The bar's volume analysis is calculated and recorded before a tick closes the bar.
        StandInVolumeAnalysis.WaitForCalculations();
        Settle();
        StandInHistory.PushTick(Symbol, T0.AddSeconds(61), 100.75);
        recorder.Stop();

        // Read after the tick that closed the bar: closing keeps its payload.
        var json = Scalar<string>("SELECT volumetric_json FROM bars WHERE ts_utc = '2026-03-02T14:30:00.0000000Z'");
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.That(root.GetProperty("delta").GetDouble(), Is.EqualTo(4));
        Assert.That(root.GetProperty("buy_volume").GetDouble(), Is.EqualTo(7));
        Assert.That(root.GetProperty("sell_volume").GetDouble(), Is.EqualTo(3));
        Assert.That(root.GetProperty("trades").GetInt32(), Is.EqualTo(4));
        Assert.That(root.GetProperty("poc").GetDouble(), Is.EqualTo(100.25));
        Assert.That(Scalar<long>("SELECT has_volumetric FROM run_series"), Is.EqualTo(1));
    }

    [Test]
    public void A_forming_bar_handler_never_throws_into_the_tick_processing()
    {
        Broker.SetHistory(Symbol, Period.MIN1, [new HistoryItemBar { TicksLeft = T0.Ticks }]);
        var recorder = CreateRecorder(("Symbol", Symbol), ("Record bars", true), ("Bar period", Period.MIN1));
        recorder.Run();
        var history = Symbol.GetHistory(Period.MIN1, T0);

        // HistoryItemUpdated is a plain call: an exception would reach the platform's tick processing (here, the test).
        Assert.That(() => StandInHistory.UpdateCurrentBar(history, bar => bar.High = double.PositiveInfinity), Throws.Nothing);
        recorder.Stop();
        history.Dispose();

        Assert.That(Scalar<long>("SELECT COUNT(*) FROM bars"), Is.Zero, "a bar that never traded has nothing to record");
    }
}
