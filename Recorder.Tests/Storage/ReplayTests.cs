using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Replay;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

[TestFixture]
public sealed class ReplayTests
{
    private static readonly (string Table, string Order)[] Normalized =
    [
        ("strategies", "strategy_id"), ("strategy_instances", "instance_id"), ("strategy_runs", "run_id"),
        ("orders", "id"), ("executions", "id"), ("order_oco_groups", "oco_group_id"), ("order_oco_links", "id"),
        ("run_series", "series_id"), ("bars", "series_id, ts_utc"), ("ingest_events", "id"),
    ];

    [Test]
    public void Rebuilding_from_ingest_events_into_an_empty_file_gives_identical_rows()
    {
        using var db = new TempDatabase();
        var a = new Scenario(source: RunSource.Backtest);
        var b = new Scenario(source: RunSource.Live, strategy: "Other");
        var events = new List<RecorderEvent>();
        events.AddRange(a.Start());
        events.AddRange(b.Start());
        events.AddRange(
        [
            a.Order("E", Side.Buy, 2, at: 1), a.Fill("X1", "E", Side.Buy, 1, at: 2), a.Fill("X2", "E", Side.Buy, 1, at: 3),
            a.Order("E", Side.Buy, 2, "FILLED", at: 3, filled: 2),
            a.Order("E", Side.Buy, 2, "PARTIALLY_FILLED", at: 2, filled: 1),   // late, older snapshot
            new OcoGroupDefined { RunId = a.RunId, EventUtc = a.At(4), OcoGroupId = "G" },
            new OcoLinkAdded { RunId = a.RunId, EventUtc = a.At(4), OcoGroupId = "G", OrderId = "SL", Role = "SL" },
            a.Order("SL", Side.Sell, 2, at: 4, type: "STOP", stop: 4990), a.Order("TP", Side.Sell, 2, at: 4, type: "LIMIT", price: 5010),
            new OcoLinkAdded { RunId = a.RunId, EventUtc = a.At(4), OcoGroupId = "G", OrderId = "TP", Role = "TP" },
            a.Fill("X3", "TP", Side.Sell, 2, price: 5010, at: 9), a.Fill("X3", "TP", Side.Sell, 2, price: 5010, at: 9),
            a.Bar(0, 5000, closed: false, at: 30), a.Bar(0, 5002, closed: true, at: 60), a.Bar(1, 5003),
            b.Fill("Y1", "B1", Side.Sell, 3, at: 5), b.Order("B1", Side.Sell, 3, "FILLED", at: 4),
            new RunProgress { RunId = a.RunId, EventUtc = a.At(10), ProcessedCount = 10, TotalCount = 20 },
            a.End(), b.End(RunStatus.Canceled),
            a.Fill("X4", "E", Side.Buy, 0),   // quarantined: not in the raw log, so not replayed either
        ]);
        // The normalised rows are compared: the analysis a close stores of a run left open (metrics_json) is derived
        // (docs/decisions.md, 10), `analyze`'s to rebuild, not replay's.
        var recordOnly = new RecorderOptions { LiveAnalysisInterval = null };
        Recorded.Write(db.Path, events.Take(12), recordOnly);
        Recorded.Write(db.Path, events.Skip(12), recordOnly);
        Recorded.Write(db.Path, [a.Bar(1, 5003), a.Order("TP", Side.Sell, 2, at: 4, type: "LIMIT", price: 5010), a.Bar(2, 5004)], recordOnly);

        var target = db.Sibling("rebuilt.db");
        var result = EventReplayer.Rebuild(db.Path, target);

        Assert.That(result.Quarantined, Is.Zero);
        Assert.That(result.Events, Is.EqualTo(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM v_events")), "every event, a stretch's bars each");
        foreach (var (table, order) in Normalized)
        {
            Assert.That(Db.Dump(target, table, order), Is.EqualTo(Db.Dump(db.Path, table, order)), table);
        }
    }
}
