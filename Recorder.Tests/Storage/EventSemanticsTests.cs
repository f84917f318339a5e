using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

[TestFixture]
public sealed class EventSemanticsTests
{
    private static readonly string[] Tables =
    [
        "strategies", "strategy_instances", "strategy_runs", "orders", "executions", "order_oco_groups",
        "order_oco_links", "run_series", "bars", "ingest_events",
    ];

    [Test]
    public void Repeated_events_change_nothing()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var events = s.Start().Concat(
        [
            s.Order("O1", Side.Buy, 2), s.Fill("X1", "O1", Side.Buy, 2), s.Bar(0),
            new OcoGroupDefined { RunId = s.RunId, EventUtc = s.At(1), OcoGroupId = "G1" },
            new OcoLinkAdded { RunId = s.RunId, EventUtc = s.At(1), OcoGroupId = "G1", OrderId = "O1", Role = "ENTRY" },
            new RunProgress { RunId = s.RunId, EventUtc = s.At(2), ProcessedCount = 5 },
            s.End(),
        ]).ToList();
        Recorded.Write(db.Path, events);
        var before = Tables.ToDictionary(t => t, t => Db.Dump(db.Path, t, "1"));

        var sameSession = Recorded.Write(db.Path, events.Concat(events));
        // A bar repeated within one batch collapses into itself (coalesced); everything else is a recognised repeat.
        Assert.That(sameSession.Duplicates + sameSession.Coalesced, Is.EqualTo(events.Count * 2), "repeats in a new session and within one");
        Assert.That(sameSession.Committed, Is.Zero);
        var counters = Recorded.Write(db.Path, events);

        Assert.That(counters.Duplicates, Is.EqualTo(events.Count), "every repeat is recognised");
        Assert.That(counters.Committed, Is.Zero);
        foreach (var table in Tables)
        {
            Assert.That(Db.Dump(db.Path, table, "1"), Is.EqualTo(before[table]), table);
        }
    }

    [Test]
    public void Older_order_snapshot_arriving_after_a_newer_one_does_not_overwrite_it()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        Recorded.Write(db.Path, s.Start().Concat(
        [
            s.Order("O1", Side.Buy, 2, "FILLED", at: 10, filled: 2),
            s.Order("O1", Side.Buy, 2, "OPENED", at: 5, filled: 0),
        ]));

        Assert.That(Db.Scalar<string>(db.Path, "SELECT status FROM orders WHERE order_id = 'O1'"), Is.EqualTo("FILLED"));
        Assert.That(Db.Scalar<double>(db.Path, "SELECT filled_quantity FROM orders WHERE order_id = 'O1'"), Is.EqualTo(2));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_events WHERE event_type = 'ORDER'"), Is.EqualTo(2),
            "the late snapshot is still kept in the raw log");
    }

    [TestCase(false)]
    [TestCase(true)]
    public void A_late_copy_of_an_order_state_stamped_at_the_same_instant_as_the_stored_one_changes_nothing(bool acrossSessions)
    {
        // Modified within one instant (a backtest's tick): the platform's time cannot say which state is newer, so the
        // copy of the first that arrives after the second must be known for what it is, in the session that stored
        // them (from what it wrote) and in a later one (from the raw log).
        var s = new Scenario();
        var first = s.Order("O1", Side.Sell, 1, "OPENED", at: 5, type: "LIMIT", price: 5010);
        var second = s.Order("O1", Side.Sell, 1, "OPENED", at: 5, type: "LIMIT", price: 5012);
        using var clean = new TempDatabase();
        Recorded.Write(clean.Path, s.Start().Concat([first, second]));

        using var late = new TempDatabase();
        RecorderCounters copy;
        if (acrossSessions)
        {
            Recorded.Write(late.Path, s.Start().Concat([first, second]));
            copy = Recorded.Write(late.Path, [first]);
        }
        else
        {
            copy = Recorded.Write(late.Path, s.Start().Concat([first, second, first]));
        }

        Assert.That(copy.Duplicates, Is.EqualTo(1), "the late copy is a repeat");
        Assert.That(Db.Scalar<double>(late.Path, "SELECT price FROM orders"), Is.EqualTo(5012), "the order keeps its second state");
        Assert.That(Db.Dump(late.Path, "orders", "1"), Is.EqualTo(Db.Dump(clean.Path, "orders", "1")), "orders");
        const string log = "SELECT event_type || ' ' || event_utc || ' ' || sequence || ' ' || payload_json FROM ingest_events ORDER BY id";
        Assert.That(Db.Query<string>(late.Path, log), Is.EqualTo(Db.Query<string>(clean.Path, log)), "the raw log");
    }

    [Test]
    public void Newer_order_snapshot_updates_the_row_and_keeps_the_first_submit_time()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        Recorded.Write(db.Path, s.Start().Concat(
        [
            s.Order("O1", Side.Sell, 1, "OPENED", at: 5, type: "LIMIT", price: 5010),
            s.Order("O1", Side.Sell, 1, "OPENED", at: 6, type: "LIMIT", price: 5012),
            s.Order("O1", Side.Sell, 1, "CANCELLED", at: 9, type: "LIMIT", price: 5012),
        ]));

        var row = Db.Query<(string Status, double Price, string Submit, string Update)>(db.Path,
            "SELECT status, price, submit_utc, update_utc FROM orders").Single();
        Assert.That(row, Is.EqualTo(("CANCELED", 5012.0, "2026-03-02T14:30:05.0000000Z", "2026-03-02T14:30:09.0000000Z")));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void A_later_order_state_that_brings_an_earlier_submit_time_or_another_symbol_stores_them(bool acrossSessions)
    {
        // The writer updates a later state without its symbol and submit time when they are as stored (their index
        // entries stay): a state that changes either still stores it, whether the order's state was this session's or
        // read back from the file.
        using var db = new TempDatabase();
        var s = new Scenario();
        var first = s.Order("O1", Side.Sell, 1, "OPENED", at: 5, type: "LIMIT", price: 5010);
        var earlier = s.Order("O1", Side.Sell, 1, "OPENED", at: 6, type: "LIMIT", price: 5011) with { SubmitUtc = s.At(2) };
        var renamed = s.Order("O1", Side.Sell, 1, "OPENED", at: 7, type: "LIMIT", price: 5012, symbol: "ESZ6");
        var filled = s.Order("O1", Side.Sell, 1, "FILLED", at: 9, type: "LIMIT", price: 5012, symbol: "ESZ6", filled: 1);
        if (acrossSessions)
        {
            Recorded.Write(db.Path, s.Start().Append(first));
            Recorded.Write(db.Path, [earlier]);
            Recorded.Write(db.Path, [renamed]);
            Recorded.Write(db.Path, [filled]);
        }
        else
        {
            Recorded.Write(db.Path, s.Start().Concat([first, earlier, renamed, filled]));
        }

        var row = Db.Query<(string Symbol, string Status, double Price, string Submit, string Update)>(db.Path,
            "SELECT symbol, status, price, submit_utc, update_utc FROM orders").Single();
        Assert.That(row, Is.EqualTo(("ESZ6", "FILLED", 5012.0, "2026-03-02T14:30:02.0000000Z", "2026-03-02T14:30:09.0000000Z")));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM orders INDEXED BY idx_orders_symbol WHERE symbol = 'ESZ6'"), Is.EqualTo(1),
            "the symbol's index finds it under its new symbol");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM orders INDEXED BY idx_orders_run_time WHERE run_id = @RunId AND submit_utc = '2026-03-02T14:30:02.0000000Z'",
            new { s.RunId }), Is.EqualTo(1), "the run and time index under its earliest submit time");
    }

    [Test]
    public void Execution_arriving_before_its_order_is_stored_and_joins_it_later()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        Recorded.Write(db.Path, s.Start().Concat([s.Fill("X1", "O1", Side.Buy, 1)]));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM executions"), Is.EqualTo(1));

        Recorded.Write(db.Path, [s.Order("O1", Side.Buy, 1, "FILLED")]);
        Assert.That(Db.Scalar<string>(db.Path,
            "SELECT o.status FROM executions x JOIN orders o ON o.run_id = x.run_id AND o.order_id = x.order_id"), Is.EqualTo("FILLED"));
    }

    [Test]
    public void Forming_bar_updates_collapse_to_the_newest_state_within_a_batch_and_across_batches()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var counters = Recorded.Write(db.Path, s.Start().Concat(
        [
            s.Bar(0, 5000, closed: false, at: 10), s.Bar(0, 5001, closed: false, at: 20), s.Bar(0, 5002, closed: false, at: 30),
        ]));
        Assert.That(counters.Coalesced, Is.EqualTo(2));
        Recorded.Write(db.Path, [s.Bar(0, 5003, closed: true, at: 60)]);

        Assert.That(Db.Query<double>(db.Path, "SELECT close FROM bars"), Is.EqualTo(new[] { 5003.0 }));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_events WHERE event_type = 'BARS_STORED'"), Is.EqualTo(2), "one stretch per batch");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_events WHERE event_type = 'BAR'"), Is.Zero, "the raw log copies no bar");
    }

    [TestCase(Side.Buy)]
    [TestCase(Side.Sell)]
    public void Position_impact_is_inferred_for_scale_in_partial_close_exact_close_and_reversal(Side side)
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var other = side == Side.Buy ? Side.Sell : Side.Buy;
        Recorded.Write(db.Path, s.Start().Concat(
        [
            s.Fill("X1", "O1", side, 2, at: 1),   // flat → 2: OPEN
            s.Fill("X2", "O2", side, 1, at: 2),   // 2 → 3 same side: OPEN (scale-in)
            s.Fill("X3", "O3", other, 1, at: 3),  // 3 → 2: REDUCE
            s.Fill("X4", "O4", other, 2, at: 4),  // 2 → 0: CLOSE
            s.Fill("X5", "O5", other, 1, at: 5),  // 0 → 1 other side: OPEN
            s.Fill("X6", "O6", side, 3, at: 6),   // 1 other → 2 this side: REVERSE
        ]));

        Assert.That(Db.Query<string>(db.Path, "SELECT position_impact FROM executions ORDER BY exec_utc"),
            Is.EqualTo(new[] { "OPEN", "OPEN", "REDUCE", "CLOSE", "OPEN", "REVERSE" }));
    }

    [Test]
    public void Order_impact_is_what_it_would_do_if_fully_filled_at_submission()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        Recorded.Write(db.Path, s.Start().Concat(
        [
            s.Order("E", Side.Buy, 2, at: 1), s.Fill("X1", "E", Side.Buy, 2, at: 2),
            s.Order("TP", Side.Sell, 2, at: 3, type: "LIMIT", price: 5010),
            s.Order("PART", Side.Sell, 1, at: 3),
            s.Order("REV", Side.Sell, 5, at: 3),
            s.Order("ADD", Side.Buy, 1, at: 3),
            s.Order("OTHER", Side.Sell, 1, at: 3, symbol: "NQ"),
            s.Order("TP", Side.Sell, 2, "FILLED", at: 4, type: "LIMIT", price: 5010),
        ]));

        var impacts = Db.Query<(string, string)>(db.Path, "SELECT order_id, position_impact FROM orders").ToDictionary(r => r.Item1, r => r.Item2);
        Assert.That(impacts["E"], Is.EqualTo("OPEN"));
        Assert.That(impacts["TP"], Is.EqualTo("CLOSE"), "kept from submission across updates");
        Assert.That(impacts["PART"], Is.EqualTo("REDUCE"));
        Assert.That(impacts["REV"], Is.EqualTo("REVERSE"));
        Assert.That(impacts["ADD"], Is.EqualTo("OPEN"));
        Assert.That(impacts["OTHER"], Is.EqualTo("OPEN"), "positions are per symbol");
    }

    [Test]
    public void Impact_given_by_the_source_wins_over_inference()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        Recorded.Write(db.Path, s.Start().Concat(
        [
            s.Fill("X1", "O1", Side.Sell, 1) with { PositionImpact = PositionImpact.Close },
        ]));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT position_impact FROM executions"), Is.EqualTo("CLOSE"));
    }

    [Test]
    public void OCO_link_takes_its_order_impact_even_when_the_link_comes_first()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        Recorded.Write(db.Path, s.Start().Concat(
        [
            s.Fill("X1", "E", Side.Buy, 1, at: 1),
            new OcoGroupDefined { RunId = s.RunId, EventUtc = s.At(2), OcoGroupId = "B1", Label = "Bracket" },
            new OcoLinkAdded { RunId = s.RunId, EventUtc = s.At(2), OcoGroupId = "B1", OrderId = "SL", Role = "sl" },
            s.Order("SL", Side.Sell, 1, at: 3, type: "STOP", stop: 4990),
            s.Order("TP", Side.Sell, 1, at: 3, type: "LIMIT", price: 5010),
            new OcoLinkAdded { RunId = s.RunId, EventUtc = s.At(4), OcoGroupId = "B1", OrderId = "TP", Role = "TP" },
        ]));

        Assert.That(Db.Query<(string, string, string)>(db.Path,
                "SELECT order_id, oco_role, position_impact FROM order_oco_links ORDER BY order_id"),
            Is.EqualTo(new[] { ("SL", "SL", "CLOSE"), ("TP", "TP", "CLOSE") }));
    }

    [Test]
    public void Run_progress_and_end_update_the_run()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, s.Start().Concat<RecorderEvent>(
        [
            new RunProgress { RunId = s.RunId, EventUtc = s.At(5), ProcessedCount = 250, TotalCount = 1000 },
            new RunEnded { RunId = s.RunId, EventUtc = s.At(60), Status = RunStatus.Failed, ErrorMessage = "division by zero" },
        ]));

        var run = Db.Query<(string Status, string RunType, long Processed, double Percent, string End, string Error)>(db.Path,
            "SELECT status, run_type, processed_count, progress_percent, end_utc, error_message FROM strategy_runs").Single();
        Assert.That(run, Is.EqualTo(("FAILED", "BACKTEST", 250L, 25.0, "2026-03-02T14:31:00.0000000Z", "division by zero")));
    }

    [Test]
    public void Every_stored_event_is_in_the_raw_log_with_its_sequence_source_version_and_v_events_gives_its_instance_and_strategy()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Paper);
        Recorded.Write(db.Path, s.Start().Concat<RecorderEvent>([s.Order("O1", Side.Buy, 1), s.Bar(0)]));

        // Schema 8: the row does not repeat its run's instance and strategy; v_events gives them from the run.
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_events WHERE instance_id IS NOT NULL OR strategy_id IS NOT NULL"),
            Is.Zero);
        var rows = Db.Query<(string Type, long Sequence, string Source, long Version, string Instance, string Strategy)>(db.Path,
            """
            SELECT e.event_type, e.sequence, e.source, e.payload_version, v.instance_id, v.strategy_id
            FROM ingest_events e JOIN v_events v ON v.id = e.id ORDER BY e.id
            """);
        Assert.That(rows.Select(r => r.Type), Is.EqualTo(new[]
            { "STRATEGY_DEFINED", "INSTANCE_DEFINED", "RUN_STARTED", "SERIES", "ORDER", "BARS_STORED" }));
        Assert.That(rows.Select(r => r.Sequence), Is.EqualTo(new long[] { 1, 2, 3, 4, 5, 6 }));
        Assert.That(rows.Select(r => r.Source).Distinct(), Is.EqualTo(new[] { "PAPER" }));
        Assert.That(rows.Select(r => r.Version).Distinct(), Is.EqualTo(new long[] { 2 }), "payload version 2: run and time are the row's columns");
        Assert.That(rows.Select(r => r.Instance).Distinct(), Is.EqualTo(new[] { s.InstanceId }));
        Assert.That(rows.Select(r => r.Strategy).Distinct(), Is.EqualTo(new[] { s.StrategyId }));
    }

    [Test]
    public void Sequence_of_a_run_continues_after_its_stored_events_in_a_new_session()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        Recorded.Write(db.Path, s.Start());
        Recorded.Write(db.Path, [s.Order("O1", Side.Buy, 1)]);

        // The first session closed cleanly without ending the run: the second continues it where it stopped.
        Assert.That(Db.Query<(string, long)>(db.Path, "SELECT event_type, sequence FROM ingest_events ORDER BY id").Skip(4),
            Is.EqualTo(new[] { ("ORDER", 5L) }));
    }

    [Test]
    public void Same_parameter_set_is_the_same_instance_and_each_run_a_new_run()
    {
        using var db = new TempDatabase();
        var backtest = new Scenario(source: RunSource.Backtest, parameters: new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2.5 });
        var live = new Scenario(source: RunSource.Live, parameters: new Dictionary<string, object?> { ["b"] = 2.5, ["a"] = 1 });
        var other = new Scenario(source: RunSource.Live, parameters: new Dictionary<string, object?> { ["a"] = 2, ["b"] = 2.5 });
        Recorded.Write(db.Path, backtest.Start().Concat(live.Start()).Concat(other.Start()));

        Assert.That(live.InstanceId, Is.EqualTo(backtest.InstanceId));
        Assert.That(other.InstanceId, Is.Not.EqualTo(backtest.InstanceId));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategies"), Is.EqualTo(1));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_instances"), Is.EqualTo(2));
        Assert.That(Db.Query<(string, long)>(db.Path,
            "SELECT instance_id, COUNT(*) FROM strategy_runs GROUP BY instance_id ORDER BY 2 DESC").First(),
            Is.EqualTo((backtest.InstanceId, 2L)));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT config_hash FROM strategy_instances WHERE instance_id = @id",
            new { id = live.InstanceId }), Is.EqualTo(live.ConfigHash));
    }
}
