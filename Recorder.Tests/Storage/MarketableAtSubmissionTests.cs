using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Storage.Queries;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>An order's marketability comes from the prices it was first recorded with, read back from the raw log.</summary>
[TestFixture]
public sealed class MarketableAtSubmissionTests
{
    [Test]
    public void A_buy_stop_submitted_above_the_market_and_trailed_below_it_rests_and_has_no_latency()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Backtest);
        var submitted = s.At(90);
        Recorded.Write(db.Path, s.Start().Concat<RecorderEvent>(
        [
            s.Bar(0, 5000),
            s.Order("BS", Side.Buy, 1, at: 90, type: "STOP", stop: 5010) with { SubmitUtc = submitted },
            s.Order("BS", Side.Buy, 1, at: 4000, type: "STOP", stop: 4990) with { SubmitUtc = submitted },
            s.Fill("X1", "BS", Side.Buy, 1, price: 5010, at: 90 + 8400),
            s.Order("BS", Side.Buy, 1, "FILLED", at: 90 + 8400, type: "STOP", stop: 4990, filled: 1) with { SubmitUtc = submitted },
            s.End(at: 9000),
        ]));

        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: QueryFiles.Clock);

        Assert.That(Db.Scalar<double>(db.Path, "SELECT stop_price FROM orders WHERE order_id = 'BS'"), Is.EqualTo(4990), "orders keep the newest price");
        var (marketable, latency, timeToFill) = Db.Query<(long? Marketable, double? Latency, double? TimeToFill)>(db.Path,
            "SELECT marketable, latency_first_fill_ms, time_to_fill_ms FROM run_order_quality WHERE order_id = 'BS'").Single();
        Assert.That(marketable, Is.EqualTo(0), "at 5010 the buy stop was above the last close (5000) when it was submitted");
        Assert.That(latency, Is.Null);
        Assert.That(timeToFill, Is.EqualTo(8_400_000).Within(1e-6), "2 h 20 min waiting for the price");
    }
}
