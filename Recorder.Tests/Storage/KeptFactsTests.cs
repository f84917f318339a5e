using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// The facts a writer keeps for the runs it records (RunFacts, KeptFacts) read only what was written since their last
/// reading, and give, after every batch, exactly what the loader reads of the whole run from the same file: with bars
/// appended, a forming bar closed, a late bar before the newest, another run filling a gap of the stretch and storing
/// other values for a bar, fills out of time order, order states with prices and OCO links; and after a write from
/// another connection, the whole run again.
/// </summary>
[TestFixture]
public sealed class KeptFactsTests
{
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private const int KeptChunk = KeptBars.Chunk;

    [Test]
    public void After_every_batch_the_kept_facts_equal_the_whole_run_read_from_the_file_and_only_the_first_reading_is_whole()
    {
        using var db = new TempDatabase();
        using var session = RecorderSession.Open(db.Path, new RecorderOptions { LiveAnalysisInterval = null });
        var a = new Scenario(source: RunSource.Backtest);
        var b = new Scenario(source: RunSource.Backtest);

        // 1. Bars, an order with a price and its fill.
        Step(session, db, a, [
            .. a.Start(), .. Enumerable.Range(0, 10).Select(m => a.Bar(m, 5000 + m)),
            a.Order("O1", Side.Buy, 2, type: "LIMIT", price: 5001, at: 60), a.Fill("F1", "O1", Side.Buy, 1, 5001, at: 300),
        ]);
        // 2. More bars, the last one forming; the order's next state; a fill earlier than the one stored.
        Step(session, db, a, [
            .. Enumerable.Range(10, 5).Select(m => a.Bar(m, 5000 + m)), a.Bar(15, 5016, closed: false, at: 15 * 60 + 20),
            a.Order("O1", Side.Buy, 2, status: "FILLED", type: "LIMIT", price: 5002, at: 400, filled: 2),
            a.Fill("F2", "O1", Side.Buy, 1, 5002, at: 200),
        ]);
        // 3. The forming bar closes; a bar after a gap, then a late one inside the gap.
        Step(session, db, a, [a.Bar(15, 5015), a.Bar(20, 5020), a.Bar(18, 5018)]);
        // 4. Another run of the same market fills the rest of the gap and sees other values at a time the first saw.
        Step(session, db, b, [.. b.Start(), b.Bar(16, 6016), b.Bar(17, 6017), b.Bar(19, 6019), b.Bar(5, 6005)]);
        AssertSameAsFile(session, db, a);
        // 5. An exit with a stop, linked in an OCO group, filled in two parts out of time order.
        Step(session, db, a, [
            new OcoGroupDefined { RunId = a.RunId, EventUtc = a.At(1300), Source = a.Source, OcoGroupId = "G1" },
            a.Order("X1", Side.Sell, 2, type: "STOP", stop: 4990, at: 1300),
            new OcoLinkAdded { RunId = a.RunId, EventUtc = a.At(1300), Source = a.Source, OcoGroupId = "G1", OrderId = "X1", Role = "SL" },
            a.Fill("F4", "X1", Side.Sell, 1, 4990, at: 1400), a.Fill("F3", "X1", Side.Sell, 1, 4990, at: 1350),
            a.Bar(21, 5021),
        ]);
        // 6. Orders changed by their links: a second group for an order linked already (its first link stays), a link
        //    for an order that had none, a link that comes before its order; a stale copy of an order's state, and a
        //    repeat.
        Step(session, db, a, [
            new OcoGroupDefined { RunId = a.RunId, EventUtc = a.At(1500), Source = a.Source, OcoGroupId = "G2" },
            new OcoLinkAdded { RunId = a.RunId, EventUtc = a.At(1500), Source = a.Source, OcoGroupId = "G2", OrderId = "X1", Role = "TP" },
            new OcoLinkAdded { RunId = a.RunId, EventUtc = a.At(1500), Source = a.Source, OcoGroupId = "G2", OrderId = "O1", Role = "SL" },
            new OcoLinkAdded { RunId = a.RunId, EventUtc = a.At(1500), Source = a.Source, OcoGroupId = "G2", OrderId = "Y1", Role = "TP" },
            a.Order("O1", Side.Buy, 2, status: "OPENED", type: "LIMIT", price: 5001, at: 60),
            a.Order("X1", Side.Sell, 2, type: "STOP", stop: 4990, at: 1300),
        ]);
        Step(session, db, a, [a.Order("Y1", Side.Sell, 1, type: "LIMIT", price: 5030, at: 1510), a.Order("X1", Side.Sell, 2, status: "FILLED", type: "STOP", stop: 4991, at: 1520, filled: 2)]);
        var kept = session.Facts.Of(a.RunId)!;
        Assert.That(kept.WholeReadings, Is.EqualTo(1), "after the first, every reading read only what was new");
        Assert.That(kept.WholeOrderReadings, Is.EqualTo(1), "after the first, the orders written were looked up by their key");
        Assert.That(Read(session, db, a).Orders.Single(o => o.OrderId == "Y1").OcoRole, Is.EqualTo(OcoRole.TakeProfit), "a link stored before its order");

        // 7. More orders at once than are worth looking up one by one: read whole, the same.
        Step(session, db, a, Enumerable.Range(0, KeptOrders.ByKeyAtMost + 1).Select(i => a.Order($"M{i}", Side.Buy, 1, at: 1600 + i)));
        Assert.That(kept.WholeOrderReadings, Is.EqualTo(2));
        Step(session, db, a, [a.Order("M7", Side.Buy, 1, status: "CANCELED", at: 2000)]);
        Assert.That(kept.WholeOrderReadings, Is.EqualTo(2));

        // 6. Another connection changes a fill: the writer's next commit finds it out, and the run is read whole again.
        using (var foreign = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db.Path};Pooling=False"))
        {
            foreign.Open();
            using var command = foreign.CreateCommand();
            command.CommandText = "UPDATE executions SET price = 4980 WHERE execution_id = 'F4'";
            Assert.That(command.ExecuteNonQuery(), Is.EqualTo(1));
        }

        Step(session, db, a, [a.Bar(22, 5022)]);
        Assert.That(session.Facts.Of(a.RunId)!.WholeReadings, Is.EqualTo(2), "a write from elsewhere: read whole");
        Assert.That(Read(session, db, a).Fills.Single(f => f.ExecutionId == "F4").Price, Is.EqualTo(4980));
    }

    [Test]
    public void Orders_looked_up_by_their_keys_are_found_whatever_characters_their_ids_hold()
    {
        // The keys go to SQLite as one JSON array: quotes, backslashes, control characters and characters outside ASCII
        // are escaped there and must come back as the very ids stored.
        using var db = new TempDatabase();
        using var session = RecorderSession.Open(db.Path, new RecorderOptions { LiveAnalysisInterval = null });
        var a = new Scenario(source: RunSource.Backtest);
        string[] ids = ["Q\"1", "back\\slash", "tab\tnew\nline", "Zürich-2", "注文-3", "emoji-😀", "[\"x\"]", "'; DROP TABLE orders; --"];
        Step(session, db, a, [
            .. a.Start(), .. Enumerable.Range(0, 5).Select(m => a.Bar(m, 5000 + m)),
            .. ids.Select((id, i) => a.Order(id, Side.Buy, 1, type: "LIMIT", price: 5000 + i, at: 60 + i)),
        ]);
        Step(session, db, a, [
            new OcoGroupDefined { RunId = a.RunId, EventUtc = a.At(200), Source = a.Source, OcoGroupId = "G\"1" },
            .. ids.Select(id => new OcoLinkAdded { RunId = a.RunId, EventUtc = a.At(200), Source = a.Source, OcoGroupId = "G\"1", OrderId = id, Role = "SL" }),
            .. ids.Select((id, i) => a.Order(id, Side.Buy, 1, status: "CANCELED", type: "LIMIT", price: 5000 + i, at: 210 + i)),
        ]);

        var kept = session.Facts.Of(a.RunId)!;
        Assert.That(kept.WholeOrderReadings, Is.EqualTo(1), "the second reading looked the orders up by their keys");
        var orders = Read(session, db, a).Orders;
        Assert.That(orders.Select(o => o.OrderId), Is.EquivalentTo(ids));
        Assert.That(orders.Select(o => o.Status).Distinct(), Is.EqualTo(new[] { OrderStatus.Cancelled }), "every order's later state read");
        Assert.That(orders.Select(o => o.OcoGroupId).Distinct(), Is.EqualTo(new[] { "G\"1" }), "and its link");
    }

    [Test]
    public void A_backtests_facts_are_read_on_off_the_writers_thread_once_ReadOnEvery_has_passed_on_its_clock_and_a_live_runs_never()
    {
        using var db = new TempDatabase();
        DatabaseFile.OpenForWriting(db.Path, TimeProvider.System).Dispose();
        var clock = new FakeClock(Scenario.T0);
        using var readings = new ReadConnections(db.Path);
        using var facts = new KeptFacts(readings, clock);
        var backtest = StoredText.Source(RunSource.Backtest);
        var live = StoredText.Source(RunSource.Live);

        // The writer's thread tells them after each commit; the facts are made at the first.
        facts.Written([("B", backtest, true), ("L", live, true)]);
        clock.Advance(KeptFacts.ReadOnEvery - TimeSpan.FromTicks(1));
        facts.Written([("B", backtest, true), ("L", live, true)]);
        Assert.That(facts.ReadingOn("B"), Is.Null, "not yet fallen behind");
        Assert.That(facts.Of("B")!.WholeReadings, Is.Zero);

        clock.Advance(TimeSpan.FromTicks(1));
        facts.Written([("B", backtest, true), ("L", live, true)]);
        facts.ReadingOn("B")?.Wait(TimeSpan.FromMinutes(1));
        Assert.That(facts.Of("B")!.WholeReadings, Is.EqualTo(1), "read on, on the thread pool");
        Assert.That(facts.ReadingOn("L"), Is.Null, "a live run's facts are read by its analyses on their interval");
        Assert.That(facts.Of("L")!.WholeReadings, Is.Zero);

        // Counted from the end of the last reading, not from the first commit.
        facts.Written([("B", backtest, true)]);
        Assert.That(facts.ReadingOn("B"), Is.Null, "read just now");
        clock.Advance(KeptFacts.ReadOnEvery);
        facts.Written([("B", backtest, false)]);
        Assert.That(facts.ReadingOn("B"), Is.Null, "a run that ended is read by its end's analysis");
    }

    [Test]
    public void No_more_than_MaxReadOns_backtests_are_read_on_at_once_and_the_others_in_turn()
    {
        using var db = new TempDatabase();
        DatabaseFile.OpenForWriting(db.Path, TimeProvider.System).Dispose();
        var clock = new FakeClock(Scenario.T0);
        // The read-ons' connections open only once the test lets them: until then they are under way.
        using var opening = new ManualResetEventSlim();
        using var readings = new ReadConnections(db.Path, connect: text =>
        {
            Assert.That(opening.Wait(TimeSpan.FromMinutes(1)), Is.True);
            return DatabaseFile.NewConnection(text);
        });
        using var facts = new KeptFacts(readings, clock);
        var backtest = StoredText.Source(RunSource.Backtest);
        var runs = Enumerable.Range(0, KeptFacts.MaxReadOns + 2).Select(i => ($"R{i}", backtest, true)).ToList();
        List<string> UnderWay() => [.. runs.Select(r => r.Item1).Where(id => facts.ReadingOn(id) is not null)];

        facts.Written(runs);
        clock.Advance(KeptFacts.ReadOnEvery);
        facts.Written(runs);
        var first = UnderWay();
        Assert.That(first, Has.Count.EqualTo(KeptFacts.MaxReadOns), "every run is due; no more than MaxReadOns are read on");
        Task[] firstTasks = [.. first.Select(id => facts.ReadingOn(id)!)];

        opening.Set();
        Assert.That(Task.WaitAll(firstTasks, TimeSpan.FromMinutes(1)), Is.True);
        // The others' read-ons wait while this test holds a reading of each (one reading of a run at a time), so they
        // are still under way when it looks: their connections are the kept ones and would not wait on `opening`.
        var others = runs.Select(r => r.Item1).Except(first).ToList();
        var held = others.Select(id => (Connection: Db.Read(db.Path), Id: id)).ToList();
        var holding = held.Select(h => facts.Begin(h.Id, h.Connection)!).ToList();
        Task[] secondTasks;
        try
        {
            facts.Written(runs);
            var second = UnderWay();
            Assert.That(second, Is.EquivalentTo(others), "the others' turn; those read just now are not due");
            secondTasks = [.. second.Select(id => facts.ReadingOn(id)).OfType<Task>()];
            Assert.That(secondTasks.Any(t => t.IsCompleted), Is.False, "held by the test's readings");
        }
        finally
        {
            // On this thread, which holds them.
            holding.ForEach(r => r.Dispose());
            held.ForEach(h => h.Connection.Dispose());
        }

        Assert.That(Task.WaitAll(secondTasks, TimeSpan.FromMinutes(1)), Is.True);

        Assert.That(runs.Select(r => facts.Of(r.Item1)!.WholeReadings), Is.All.EqualTo(1), "each run read on once");
    }

    [Test]
    public void A_runs_end_analysis_reads_its_kept_facts_and_lets_them_go()
    {
        using var db = new TempDatabase();
        using var session = RecorderSession.Open(db.Path, new RecorderOptions { LiveAnalysisInterval = null });
        var s = new Scenario(source: RunSource.Backtest);
        var facts = FilledThenEnded(session, db, s, s.Bar(5), s.End(at: 400));

        Assert.That(session.AnalyzeRunWhenWritten(s.RunId).Wait(TimeSpan.FromMinutes(2)), Is.True);
        Assert.That(session.Facts.Of(s.RunId), Is.Null, "let go once the end read them");
        Assert.That(facts.WholeReadings, Is.EqualTo(1), "the end read what was new only");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_runs WHERE metrics_json IS NOT NULL"), Is.EqualTo(1));
    }

    [Test]
    public void A_running_analysis_that_finds_its_run_ended_reads_the_facts_on_so_the_ends_analysis_reads_only_what_is_new()
    {
        using var db = new TempDatabase();
        using var session = RecorderSession.Open(db.Path, new RecorderOptions { LiveAnalysisInterval = null });
        var s = new Scenario(source: RunSource.Paper);
        var facts = FilledThenEnded(session, db, s, s.Bar(5), s.Bar(6), s.End(at: 420));
        Assert.That(session.Flush(TimeSpan.FromMinutes(1)).Completed, Is.True);

        // A running analysis asked before the end was written reads once it is: it stores nothing.
        using (var readings = new QuantowerRecorder.Storage.Sqlite.ReadConnections(db.Path))
        {
            var steps = RunAnalysisStore.AnalyzeFromSnapshot(readings, s.RunId, TimeProvider.System, CancellationToken.None, running: true, kept: session.Facts);
            Assert.That(steps, Is.Empty, "the end's analysis stores the run");
        }

        Assert.That(session.AnalyzeRunWhenWritten(s.RunId).Wait(TimeSpan.FromMinutes(2)), Is.True);
        Assert.That(facts.WholeReadings, Is.EqualTo(1), "the end read what was new only");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT json_extract(metrics_json, '$.whole_run') FROM strategy_runs"), Is.EqualTo(1), "the end's analysis stored");
    }

    [Test]
    public void A_reading_finds_another_connections_write_before_the_writers_next_commit_and_takes_none_of_the_writers_own_for_one()
    {
        using var db = new TempDatabase();
        using var session = RecorderSession.Open(db.Path, new RecorderOptions { LiveAnalysisInterval = null });
        var ended = new Scenario(source: RunSource.Backtest);
        var running = new Scenario(source: RunSource.Backtest);
        Step(session, db, ended, [.. ended.Start(), .. Enumerable.Range(0, 5).Select(m => ended.Bar(m)), ended.Order("O1", Side.Buy, 1, at: 30)]);
        Step(session, db, running, [
            .. running.Start(), .. Enumerable.Range(0, 5).Select(m => running.Bar(m)),
            running.Order("O1", Side.Buy, 1, at: 30), running.Fill("F1", "O1", Side.Buy, 1, 5000, at: 40),
        ]);
        var facts = session.Facts.Of(running.RunId)!;

        // The writer's own writes outside its batches — a run's end analysis and its trials' figures, stored by its jobs —
        // are not another connection's: the running run's next reading reads what is new only.
        foreach (var e in new RecorderEvent[] { ended.Bar(5), ended.End(at: 400) })
        {
            Assert.That(session.Record(e), Is.True);
        }

        Assert.That(session.AnalyzeRunWhenWritten(ended.RunId).Wait(TimeSpan.FromMinutes(2)), Is.True);
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_runs WHERE metrics_json IS NOT NULL"), Is.EqualTo(1), "precondition: stored");
        AssertSameAsFile(session, db, running);
        Assert.That(facts.WholeReadings, Is.EqualTo(1), "the writer's own store is not a write from elsewhere");

        // Another connection changes the running run's fill, and the writer commits nothing after it (a job queued after
        // its last commit, a backtest's reading on the way, an end's analysis read first): the reading finds it itself.
        using (var foreign = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db.Path};Pooling=False"))
        {
            foreign.Open();
            using var command = foreign.CreateCommand();
            command.CommandText = $"UPDATE executions SET price = 4980 WHERE run_id = '{running.RunId}' AND execution_id = 'F1'";
            Assert.That(command.ExecuteNonQuery(), Is.EqualTo(1));
        }

        AssertSameAsFile(session, db, running);
        Assert.That(Read(session, db, running).Fills.Single().Price, Is.EqualTo(4980));
        Assert.That(facts.WholeReadings, Is.EqualTo(2), "read whole");

        // The writer's next write of its own (the ended run analysed again, stored by a job) finds that same write in its own
        // data_version: the reading found it first and read whole after it, so the facts stay as read.
        Assert.That(session.AnalyzeRunWhenWritten(ended.RunId).Wait(TimeSpan.FromMinutes(2)), Is.True);
        AssertSameAsFile(session, db, running);
        Assert.That(facts.WholeReadings, Is.EqualTo(2), "the write a reading found is not taken again");

        // A reading finds another write, and a third comes before the writer's next write: the writer finds that one
        // inside its transaction, and the next reading is whole again and has it.
        Foreign(db, $"UPDATE executions SET price = 4970 WHERE run_id = '{running.RunId}' AND execution_id = 'F1'");
        Assert.That(Read(session, db, running).Fills.Single().Price, Is.EqualTo(4970));
        Assert.That(facts.WholeReadings, Is.EqualTo(3));
        Foreign(db, $"UPDATE executions SET price = 4960 WHERE run_id = '{running.RunId}' AND execution_id = 'F1'");
        Assert.That(session.AnalyzeRunWhenWritten(ended.RunId).Wait(TimeSpan.FromMinutes(2)), Is.True);
        Assert.That(Read(session, db, running).Fills.Single().Price, Is.EqualTo(4960));
        Assert.That(facts.WholeReadings, Is.EqualTo(4), "the write after the reading's is found by the writer");
        AssertSameAsFile(session, db, running);
    }

    private static void Foreign(TempDatabase db, string sql)
    {
        using var foreign = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db.Path};Pooling=False");
        foreign.Open();
        using var command = foreign.CreateCommand();
        command.CommandText = sql;
        Assert.That(command.ExecuteNonQuery(), Is.EqualTo(1));
    }

    [Test]
    public void A_sentinel_that_cannot_be_opened_costs_the_readings_their_head_start_never_a_batch_written_again()
    {
        // The sentinel is opened right after a commit, under the commits' lock. A file it cannot open (here: its
        // connections open elsewhere; as on a PC, a busy schema read or a file moved away, said in the recorder's own
        // exception) must not be taken for the batch's failure, which the writer would retry.
        using var db = new TempDatabase();
        var missing = Path.Combine(db.Folder, "no such folder", "file.db");
        using var session = RecorderSession.Open(db.Path, new RecorderOptions { LiveAnalysisInterval = null }, cs =>
            new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(cs).Mode == Microsoft.Data.Sqlite.SqliteOpenMode.ReadWriteCreate
                ? new Microsoft.Data.Sqlite.SqliteConnection(cs)
                : new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(cs) { DataSource = missing }.ToString()));
        var s = new Scenario(source: RunSource.Live);

        Step(session, db, s, [.. s.Start(), .. Enumerable.Range(0, 5).Select(m => s.Bar(m)), s.Order("O1", Side.Buy, 1, at: 30)]);
        Step(session, db, s, [s.Fill("F1", "O1", Side.Buy, 1, 5000, at: 40), s.Bar(5)]);

        Assert.That((session.Counters.Retried, session.Counters.LastError), Is.EqualTo((0L, (string?)null)), "every batch written once");
        Assert.That(session.Facts.Of(s.RunId)!.WholeReadings, Is.EqualTo(2), "a sentinel that cannot be asked counts as another connection's write");
    }

    [Test]
    public void A_failure_after_a_commit_to_tell_the_kept_facts_leaves_the_batch_written_and_is_said()
    {
        // Whatever fails once a batch is committed (here opening the sentinel on the writer's thread, with an exception
        // nothing expects) must not be taken for the batch's failure: its events would be written again, then
        // quarantined one by one. A reading opens the sentinel later, on its own thread.
        using var db = new TempDatabase();
        var messages = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var session = WithoutSentinelOnTheWriter(db, messages);
        var s = new Scenario(source: RunSource.Live);

        Step(session, db, s, [.. s.Start(), .. Enumerable.Range(0, 5).Select(m => s.Bar(m)), s.Order("O1", Side.Buy, 1, at: 30)]);
        Step(session, db, s, [s.Fill("F1", "O1", Side.Buy, 1, 5000, at: 40), s.Bar(5)]);

        Assert.That(session.Counters.Retried, Is.Zero, "every batch written once");
        Assert.That(messages, Has.One.StartsWith("recorder bug after a commit (InvalidOperationException: no connection for the sentinel)"));
    }

    [Test]
    public void A_failure_after_every_commit_is_said_once_while_it_lasts()
    {
        // The sentinel cannot be opened on the writer's thread, and no reading opens it elsewhere: every commit's telling
        // fails. Each flush below ends with a commit of its own; the failure is said once, not after each of them.
        using var db = new TempDatabase();
        var messages = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var session = WithoutSentinelOnTheWriter(db, messages);
        var s = new Scenario(source: RunSource.Live);
        RecorderEvent[][] steps = [[.. s.Start(), s.Bar(0)], [s.Bar(1)], [s.Order("O1", Side.Buy, 1, at: 130)], [s.Bar(2)]];
        foreach (var step in steps)
        {
            foreach (var e in step)
            {
                Assert.That(session.Record(e), Is.True, e.ToString());
            }

            Assert.That(session.Flush(TimeSpan.FromMinutes(1)).Completed, Is.True);
        }

        Assert.That(session.Counters.Retried, Is.Zero, "every batch written once");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM orders"), Is.EqualTo(1), "the batches after the first failure are written too");
        Assert.That(messages.Count(m => m.StartsWith("recorder bug after a commit", StringComparison.Ordinal)), Is.EqualTo(1), string.Join(" | ", messages));
    }

    [Test]
    public void A_reading_after_the_writer_closed_leaves_no_connection_of_the_facts_open()
    {
        // A backtest's reading on the way may begin as the writer closes: the facts' sentinel is not opened again then,
        // so the last connection to close still tidies the log and its index away.
        var db = new TempDatabase();
        var session = RecorderSession.Open(db.Path, new RecorderOptions { LiveAnalysisInterval = null });
        var s = new Scenario(source: RunSource.Backtest);
        Step(session, db, s, [.. s.Start(), .. Enumerable.Range(0, 3).Select(m => s.Bar(m))]);
        var facts = session.Facts;
        Assert.That(session.Close(TimeSpan.FromMinutes(1)).Completed, Is.True);
        Assert.That(File.Exists(db.Path + "-wal"), Is.False, "precondition: the writer's close tidied the log away");

        using (var connection = Db.Read(db.Path))
        {
            using var reading = facts.Begin(s.RunId, connection) ?? throw new AssertionException("the run's facts are still kept");
            Assert.That(reading.Input().Bars.Single().Bars, Has.Count.EqualTo(3));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.That((File.Exists(db.Path + "-wal"), File.Exists(db.Path + "-shm")), Is.EqualTo((false, false)), "no connection left open");
        session.Dispose();
        db.Dispose();
    }

    [Test]
    public void An_input_handed_out_keeps_its_bars_when_a_later_reading_changes_them_and_shares_them_while_none_does()
    {
        using var db = new TempDatabase();
        using var session = RecorderSession.Open(db.Path, new RecorderOptions { LiveAnalysisInterval = null });
        var s = new Scenario(source: RunSource.Backtest);
        Step(session, db, s, [.. s.Start(), .. Enumerable.Range(0, 10).Select(m => s.Bar(m, 5000 + m)), s.Bar(10, 5011, closed: false, at: 10 * 60 + 20)]);
        var first = Read(session, db, s);
        var firstAsRead = JsonSerializer.Serialize(first, Json);

        // The forming bar closes at another price, and more bars follow: the kept list changes where the first input's ends.
        Step(session, db, s, [s.Bar(10, 5010), s.Bar(11, 5011), s.Bar(12, 5012)]);
        var second = Read(session, db, s);

        Assert.That(JsonSerializer.Serialize(first, Json), Is.EqualTo(firstAsRead), "the first input is as it was read");
        Assert.That(second.Bars.Single().Bars, Has.Count.EqualTo(13));
        Assert.That(session.Facts.Of(s.RunId)!.BarArrays.Copies, Is.EqualTo(1), "a change where the first input's bars end copies them once");
        // An order, no bar: the next input is given the same bars, not a copy of them.
        Step(session, db, s, [s.Order("O1", Side.Buy, 1, at: 12 * 60 + 30)]);
        Assert.That(Read(session, db, s).Bars.Single().Bars, Is.SameAs(second.Bars.Single().Bars));
    }

    [Test]
    public void Bars_added_after_an_inputs_are_kept_beside_them_with_no_copy_for_its_sake_and_the_input_keeps_its_own()
    {
        using var db = new TempDatabase();
        using var session = RecorderSession.Open(db.Path, new RecorderOptions { LiveAnalysisInterval = null });
        var s = new Scenario(source: RunSource.Backtest);
        Step(session, db, s, [.. s.Start(), .. Enumerable.Range(0, 10).Select(m => s.Bar(m, 5000 + m))]);
        var inputs = new List<(RunInput Input, string AsRead)>();
        // Read after each step, as a running backtest's analyses read: ten readings, each adding a few bars after the last.
        for (var step = 0; step < 10; step++)
        {
            var input = Read(session, db, s);
            inputs.Add((input, JsonSerializer.Serialize(input, Json)));
            Step(session, db, s, [.. Enumerable.Range(10 + (3 * step), 3).Select(m => s.Bar(m, 5000 + m))]);
        }

        var last = Read(session, db, s);
        Assert.That(last.Bars.Single().Bars, Has.Count.EqualTo(40));
        Assert.That(last.Bars.Single().Bars.Select(b => b.Close), Is.EqualTo(Enumerable.Range(0, 40).Select(m => 5000.0 + m)));
        Assert.That(inputs.Select(i => JsonSerializer.Serialize(i.Input, Json)), Is.EqualTo(inputs.Select(i => i.AsRead)),
            "every input is as it was read");
        Assert.That(inputs.Select(i => i.Input.Bars.Single().Bars.Count), Is.EqualTo(Enumerable.Range(0, 10).Select(k => 10 + (3 * k))));
        // Bars only added: no copy for an input's sake, and room made four times (10 bars read, then 15, 22, 33, 49 of
        // room), not at each of the ten readings.
        Assert.That(session.Facts.Of(s.RunId)!.BarArrays, Is.EqualTo((0, 4)));
    }

    [Test]
    public void A_long_series_changed_where_an_input_ends_copies_from_that_chunk_on_and_every_input_keeps_its_bars()
    {
        using var db = new TempDatabase();
        using var session = RecorderSession.Open(db.Path, new RecorderOptions { LiveAnalysisInterval = null });
        // A live run's facts are read when asked, on the asking thread (a backtest's are read on as they are written).
        var s = new Scenario(source: RunSource.Live);
        // A bar's close from its minute: every bar tells where it is.
        static double Close(int minute) => 5000 + (minute % 1000);
        // The forming bar just past a chunk's first bars, then closed at another price with a chunk's worth more after it;
        // then a forming bar that begins the third chunk, and one inside it, each closed: every change where the input
        // read before it ends.
        var forming = KeptChunk + 5;
        Step(session, db, s, [.. s.Start(), .. Enumerable.Range(0, forming).Select(m => s.Bar(m, Close(m))),
            s.Bar(forming, 4000, closed: false, at: (forming * 60) + 20)]);
        var first = Read(session, db, s);
        var firstAsRead = first.Bars.Single().Bars.ToList();
        Step(session, db, s, [s.Bar(forming, Close(forming)), .. Enumerable.Range(forming + 1, (2 * KeptChunk) - forming - 1).Select(m => s.Bar(m, Close(m)))]);
        var second = Read(session, db, s);
        var secondAsRead = second.Bars.Single().Bars.ToList();
        var third = (Forming: 2 * KeptChunk, Input: (RunInput?)null, AsRead: (List<Bar>?)null);
        Step(session, db, s, [s.Bar(third.Forming, 4000, closed: false, at: (third.Forming * 60) + 20)]);
        third.Input = Read(session, db, s);
        third.AsRead = third.Input.Bars.Single().Bars.ToList();
        var fourth = (Forming: third.Forming + 4, Input: (RunInput?)null, AsRead: (List<Bar>?)null);
        Step(session, db, s, [.. Enumerable.Range(third.Forming, 4).Select(m => s.Bar(m, Close(m))), s.Bar(fourth.Forming, 4000, closed: false, at: (fourth.Forming * 60) + 20)]);
        fourth.Input = Read(session, db, s);
        fourth.AsRead = fourth.Input.Bars.Single().Bars.ToList();
        foreach (var e in new[] { s.Bar(fourth.Forming, Close(fourth.Forming)), s.Bar(fourth.Forming + 1, Close(fourth.Forming + 1)) })
        {
            Assert.That(session.Record(e), Is.True);
        }

        Assert.That(session.Flush(TimeSpan.FromMinutes(1)).Completed, Is.True);
        // The reading that takes the change, alone: it copies the chunk the change is in, not the series.
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var last = Read(session, db, s);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        AssertSameAsFile(session, db, s);
        Assert.That(allocated, Is.LessThan(last.Bars.Single().Bars.Count * (long)Unsafe.SizeOf<Bar>()), "less than a copy of the series");

        Assert.That(first.Bars.Single().Bars, Is.EqualTo(firstAsRead), "the first input is as it was read");
        Assert.That(firstAsRead[^1].Close, Is.EqualTo(4000), "it read the bar forming");
        Assert.That(second.Bars.Single().Bars, Is.EqualTo(secondAsRead), "so is the second");
        Assert.That(secondAsRead, Has.Count.EqualTo(2 * KeptChunk));
        // The third read a chunk's first bar forming, the fourth a bar forming inside that chunk.
        Assert.That(third.Input.Bars.Single().Bars, Is.EqualTo(third.AsRead), "so is the third");
        Assert.That(fourth.Input.Bars.Single().Bars, Is.EqualTo(fourth.AsRead), "so is the fourth");
        Assert.That((third.AsRead[^1].Close, fourth.AsRead[^1].Close), Is.EqualTo((4000, 4000)), "each read the bar forming");
        Assert.That(last.Bars.Single().Bars.Select(b => b.Close), Is.EqualTo(Enumerable.Range(0, fourth.Forming + 2).Select(Close)));
        // Each step's reading equalled the file's (Step); the three bars closed under a lent input copied once each.
        Assert.That(session.Facts.Of(s.RunId)!.BarArrays.Copies, Is.EqualTo(3));
    }

    // A run's start, five bars, an order and its fill, read once; then `end` recorded (not waited for): its kept facts.
    private static RunFacts FilledThenEnded(RecorderSession session, TempDatabase db, Scenario s, params RecorderEvent[] end)
    {
        Step(session, db, s, [.. s.Start(), .. Enumerable.Range(0, 5).Select(m => s.Bar(m)), s.Order("O1", Side.Buy, 1, at: 30), s.Fill("F1", "O1", Side.Buy, 1, at: 40)]);
        var facts = session.Facts.Of(s.RunId)!;
        foreach (var e in end)
        {
            Assert.That(session.Record(e), Is.True);
        }

        return facts;
    }

    // A session whose writer cannot open the facts' sentinel on its own thread (an exception nothing expects); any other
    // thread can, and keeps it open for the writer's next commits.
    private static RecorderSession WithoutSentinelOnTheWriter(TempDatabase db, System.Collections.Concurrent.ConcurrentQueue<string> messages) =>
        RecorderSession.Open(db.Path, new RecorderOptions { LiveAnalysisInterval = null, Diagnostics = messages.Enqueue }, cs =>
            new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(cs).Mode == Microsoft.Data.Sqlite.SqliteOpenMode.ReadWriteCreate
            || Thread.CurrentThread.Name != QuantowerRecorder.Storage.Writing.Writer.ThreadName
                ? new Microsoft.Data.Sqlite.SqliteConnection(cs)
                : throw new InvalidOperationException("no connection for the sentinel"));

    private static void Step(RecorderSession session, TempDatabase db, Scenario run, IEnumerable<RecorderEvent> events)
    {
        foreach (var e in events)
        {
            Assert.That(session.Record(e), Is.True, e.ToString());
        }

        Assert.That(session.Flush(TimeSpan.FromMinutes(1)).Completed, Is.True);
        Assert.That(session.Counters.Quarantined, Is.Zero, "every event stored");
        AssertSameAsFile(session, db, run);
    }

    private static void AssertSameAsFile(RecorderSession session, TempDatabase db, Scenario run)
    {
        var kept = Read(session, db, run);
        using var connection = Db.Read(db.Path);
        var whole = RunLoader.Load(connection, run.RunId);
        Assert.That(JsonSerializer.Serialize(kept, Json), Is.EqualTo(JsonSerializer.Serialize(whole, Json)));
        Assert.That(kept.Bars.Sum(s => s.Bars.Count), Is.GreaterThan(0));
    }

    private static RunInput Read(RecorderSession session, TempDatabase db, Scenario run)
    {
        using var connection = Db.Read(db.Path);
        using var reading = session.Facts.Begin(run.RunId, connection) ?? throw new AssertionException("no facts kept for the run");
        return reading.Input();
    }
}
