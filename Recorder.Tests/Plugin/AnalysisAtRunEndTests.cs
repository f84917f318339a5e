using NUnit.Framework;
using QuantowerRecorder.Tests.Plugin.Support;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Tests.Plugin;

[TestFixture]
public sealed class AnalysisAtRunEndTests : PluginTestBase
{
    [Test]
    public void Ending_a_run_stores_its_round_trips_and_metrics_in_the_file()
    {
        var recorder = CreateRecorder();
        recorder.Run();
        var request = Request(Side.Buy);
        request.StopLossItems.Add(SlTpHolder.CreateSL(8, PriceMeasurement.Offset));
        request.TakeProfitItems.Add(SlTpHolder.CreateTP(110));
        var entry = Place(request);
        Broker.Fill(entry, 100.25);
        var take = Core.Positions.Single().TakeProfit!;
        Clock.Advance(TimeSpan.FromMinutes(3));
        Broker.Fill(take, 110);
        recorder.Stop();
        // The analysis runs on a worker thread once the run's events are committed; a run is closed (what the reads
        // below wait for) once its analysis is stored.

        Assert.That(Rows<(string Side, double Gross, string Reason)>("SELECT side, gross_pnl, exit_reason FROM run_trades"),
            Is.EqualTo(new[] { ("LONG", 9.75, "TP") }));
        Assert.That(Scalar<double>("SELECT value FROM run_metrics_kv WHERE key = 'trade_count'"), Is.EqualTo(1));
    }
}
