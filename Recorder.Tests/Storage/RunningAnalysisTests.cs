using System.Text.Json.Nodes;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// A running run's analysis is kept current by the file's writer (RecorderOptions.LiveAnalysisInterval): a live or paper
/// run's within the interval of its events, any open run's at the writer's close, a backtest's on its own interval so that
/// its end writes only what changed; and what is stored is what `recorder analyze` stores for the same rows, less what
/// needs the whole run.
/// </summary>
[TestFixture]
public sealed class RunningAnalysisTests
{
    private static readonly TimeSpan Interval = new RecorderOptions().LiveAnalysisInterval!.Value;

    private static readonly TimeSpan BacktestInterval = new RecorderOptions().BacktestAnalysisInterval!.Value;

    private static readonly (string Table, string Order)[] Derived =
    [
        ("run_trades", "trade_no"), ("run_equity", "seq"), ("run_order_quality", "order_id"),
        ("run_order_shortfall", "order_id"), ("run_trade_context", "trade_no"),
    ];

    [TearDown]
    public void CloseSessions() => WriterClock.CloseFollowed();

    [Test]
    public void A_paper_runs_analysis_is_stored_an_interval_after_its_events_and_equals_analyze_of_the_same_rows()
    {
        using var db = new TempDatabase();
        var clock = new FakeClock(Scenario.T0);
        var session = WriterClock.Follow(clock, RecorderSession.Open(db.Path, new RecorderOptions { Time = clock }));
        var s = new Scenario(source: RunSource.Paper);
        Record(session, s.Start().Concat(Trades(s, trades: 3, openAtEnd: true)));
        Assert.That(WriterClock.Flush(session, clock).Completed, Is.True);
        Assert.That(Analysed(db), Is.Null, "not before the interval");

        var stored = session.NextRunningAnalysis(s.RunId);
        MoveWhenResting(clock, Interval);
        Assert.That(stored.Wait(TimeSpan.FromSeconds(60)), Is.True, "stored once the interval passed on the writer's clock");

        // Another connection sees the running run's trades and metrics, as of its newest event.
        Assert.That(Db.Scalar<string>(db.Path, "SELECT status FROM strategy_runs"), Is.EqualTo("RUNNING"));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_trades WHERE is_open = 0"), Is.EqualTo(3));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_trades WHERE is_open = 1"), Is.EqualTo(1));
        var running = Analysed(db)!;
        Assert.That((string?)running["as_of_utc"], Is.EqualTo(Db.Scalar<string>(db.Path, "SELECT MAX(event_utc) FROM ingest_events")));
        Assert.That((bool?)running["whole_run"], Is.False);

        // Nothing new since: the close analyses nothing more, and `analyze` of the same rows is the reference.
        Assert.That(WriterClock.WhileMoving(clock, () => session.Close(WriterClock.Unbounded), onClock: true).Completed, Is.True);
        Assert.That(session.RunningAnalysesStarted, Is.EqualTo(1));
        AssertEqualsAnalyze(db, s.RunId, running, clock);
        Assert.That(Dump(db)["run_metrics_kv"].Where(WholeRun).Count(), Is.EqualTo(MetricKeys.WholeRun.Count), "analyze stores them");
    }

    [Test]
    public void A_live_run_with_nothing_new_is_not_analysed_again_and_one_with_new_events_is()
    {
        using var db = new TempDatabase();
        var clock = new FakeClock(Scenario.T0);
        var session = WriterClock.Follow(clock, RecorderSession.Open(db.Path, new RecorderOptions { Time = clock }));
        var s = new Scenario(source: RunSource.Live);
        Record(session, s.Start().Concat(Trades(s, trades: 1, openAtEnd: false)));
        WriterClock.Flush(session, clock);
        var first = session.NextRunningAnalysis(s.RunId);
        MoveWhenResting(clock, Interval);
        Assert.That(first.Wait(TimeSpan.FromSeconds(60)), Is.True);

        MoveWhenResting(clock, 3 * Interval);
        Assert.That(WriterClock.Flush(session, clock).Completed, Is.True);
        Assert.That(session.RunningAnalysesStarted, Is.EqualTo(1), "an idle run costs nothing");

        var second = session.NextRunningAnalysis(s.RunId);
        Record(session, Trades(s, trades: 1, openAtEnd: false, from: 1));
        WriterClock.Flush(session, clock);
        MoveWhenResting(clock, Interval);
        Assert.That(second.Wait(TimeSpan.FromSeconds(60)), Is.True);
        Assert.That(session.RunningAnalysesStarted, Is.EqualTo(2));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_trades"), Is.EqualTo(2), "brought up to date");
    }

    [Test]
    public void A_running_runs_next_analysis_writes_only_the_rows_that_changed_and_its_end_writes_on_from_there()
    {
        using var db = new TempDatabase();
        var clock = new FakeClock(Scenario.T0);
        var session = WriterClock.Follow(clock, RecorderSession.Open(db.Path, new RecorderOptions { Time = clock }));
        var s = new Scenario(source: RunSource.Paper);
        Record(session, s.Start().Concat(Trades(s, trades: 6, openAtEnd: false)));
        WriterClock.Flush(session, clock);
        var first = session.NextRunningAnalysis(s.RunId);
        MoveWhenResting(clock, Interval);
        Assert.That(first.Wait(TimeSpan.FromSeconds(60)), Is.True);
        var (written, unchanged) = session.StoredAnalyses.Rows;
        Assert.That(unchanged, Is.Zero, "the first store writes every row");

        // One more round trip: its rows and the metrics that moved are written, the six trades' rows are left as stored.
        var second = session.NextRunningAnalysis(s.RunId);
        Record(session, Trades(s, trades: 1, openAtEnd: false, from: 6));
        WriterClock.Flush(session, clock);
        MoveWhenResting(clock, Interval);
        Assert.That(second.Wait(TimeSpan.FromSeconds(60)), Is.True);
        var (written2, unchanged2) = session.StoredAnalyses.Rows;
        Assert.That(unchanged2 - unchanged, Is.GreaterThan(written2 - written), "fewer rows written than left as stored");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_trades"), Is.EqualTo(7));

        // Its end's whole analysis writes on from the running one's rows, and keeps nothing for a run that will not run again.
        Record(session, [s.End(at: 120.0 * 8)]);
        var end = session.AnalyzeRunWhenWritten(s.RunId);
        WriterClock.MoveUntil(clock, () => end.IsCompleted);
        Assert.That(session.StoredAnalyses.Rows.Unchanged, Is.GreaterThan(unchanged2));
        Assert.That(session.StoredAnalyses.Count, Is.Zero);
        // The trials' figures follow the end in a job of their own (once idle, or at the close): compared once closed.
        Assert.That(WriterClock.WhileMoving(clock, () => session.Close(WriterClock.Unbounded), onClock: true).Completed, Is.True);
        var whole = Dump(db);

        // `recorder analyze` of the ended run stores the same tables.
        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: clock);
        Assert.That(Dump(db), Is.EqualTo(whole));
    }

    [Test]
    public void A_run_still_open_when_the_writer_closes_is_analysed_by_the_close()
    {
        using var db = new TempDatabase();
        var clock = new FakeClock(Scenario.T0);
        var session = WriterClock.Follow(clock, RecorderSession.Open(db.Path, new RecorderOptions { Time = clock }));
        var s = new Scenario(source: RunSource.Live);
        Record(session, s.Start().Concat(Trades(s, trades: 2, openAtEnd: false)));

        // Closed before the interval: the close stores what the interval would have.
        Assert.That(WriterClock.WhileMoving(clock, () => session.Close(WriterClock.Unbounded), onClock: true).Completed, Is.True);

        Assert.That(Db.Scalar<string>(db.Path, "SELECT status FROM strategy_runs"), Is.EqualTo("RUNNING"));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_trades"), Is.EqualTo(2));
        Assert.That((bool?)Analysed(db)!["whole_run"], Is.False);
    }

    [Test]
    public void A_backtest_is_analysed_while_it_records_once_its_interval_passed_and_its_end_writes_only_the_rows_that_changed()
    {
        using var db = new TempDatabase();
        var clock = new FakeClock(Scenario.T0);
        var session = WriterClock.Follow(clock, RecorderSession.Open(db.Path, new RecorderOptions { Time = clock }));
        var s = new Scenario(source: RunSource.Backtest);
        // Exactly when it is due is RunningAnalysesScheduleTests' (the flush moves the clock to the writer's timers).
        var stored = session.NextRunningAnalysis(s.RunId);
        Record(session, s.Start().Concat(Trades(s, trades: 3, openAtEnd: false)));
        WriterClock.Flush(session, clock);
        MoveWhenResting(clock, BacktestInterval);
        Assert.That(stored.Wait(TimeSpan.FromSeconds(60)), Is.True, "stored once the interval passed on the writer's clock");
        Assert.That((bool?)Analysed(db)!["whole_run"], Is.False);
        var whileRecording = Dump(db);
        Assert.That(whileRecording["run_trades"], Has.Count.EqualTo(3));
        var before = session.StoredAnalyses.Rows;
        var facts = session.Facts.Of(s.RunId)!;
        Assert.That(facts.Fold, Is.Not.Null, "the running analysis left its curve's sweep for the end's to go on from");
        Assert.That(facts.FoldsUsed, Is.Zero, "the first analysis had none to go on from");

        Record(session, Trades(s, trades: 2, openAtEnd: false, from: 3).Append(s.End()));
        var end = session.AnalyzeRunWhenWritten(s.RunId);
        WriterClock.MoveUntil(clock, () => end.IsCompleted);
        Assert.That(end.IsCompletedSuccessfully, Is.True, () => end.Exception?.ToString() ?? "cancelled");
        var ended = Dump(db);
        Assert.That((bool?)Analysed(db)!["whole_run"], Is.True);
        Assert.That(ended["run_trades"], Has.Count.EqualTo(5));
        Assert.That(facts.FoldsUsed, Is.EqualTo(1), "the end's curve went on from the running analysis' sweep");
        Assert.That(facts.Curve!.WentOn.Rows, Is.GreaterThan(0), "its rounded points and rows from those the running analysis stored");

        // Every row stored while it recorded that is the same at its end was left as it was; only the others were written.
        var same = whileRecording.Sum(table => table.Value.Intersect(ended[table.Key]).Count());
        var after = session.StoredAnalyses.Rows;
        foreach (var table in new[] { "run_trades", "run_trade_context", "run_order_quality", "run_order_shortfall" })
        {
            Assert.That(whileRecording[table], Is.SubsetOf(ended[table]), $"{table}: the first three trades and their orders are settled");
        }

        Assert.That(after.Unchanged - before.Unchanged, Is.EqualTo(same));
        Assert.That(after.Written - before.Written, Is.EqualTo(ended.Values.Sum(rows => rows.Count) - same));
        Assert.That(session.StoredAnalyses.Count, Is.Zero, "an ended run's store is not kept");
        Assert.That(session.RunningAnalysesStarted, Is.EqualTo(1), "none after its end was asked for");

        // Once the close stored the trials' figures (the deflated Sharpe ratio's), what `analyze` stores.
        Assert.That(WriterClock.WhileMoving(clock, () => session.Close(WriterClock.Unbounded), onClock: true).Completed, Is.True);
        var closed = Dump(db);
        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: clock);
        Assert.That(Dump(db), Is.EqualTo(closed));
    }

    [Test]
    public void Without_a_backtest_interval_a_backtest_is_not_analysed_before_its_end_but_is_at_the_close()
    {
        using var db = new TempDatabase();
        var clock = new FakeClock(Scenario.T0);
        var session = WriterClock.Follow(clock, RecorderSession.Open(db.Path, new RecorderOptions { Time = clock, BacktestAnalysisInterval = null }));
        var s = new Scenario(source: RunSource.Backtest);
        Record(session, s.Start().Concat(Trades(s, trades: 2, openAtEnd: false)));
        WriterClock.Flush(session, clock);

        MoveWhenResting(clock, 10 * Interval);
        Assert.That(WriterClock.Flush(session, clock).Completed, Is.True);
        Assert.That((session.RunningAnalysesStarted, Analysed(db)), Is.EqualTo((0, (JsonNode?)null)));

        Assert.That(WriterClock.WhileMoving(clock, () => session.Close(WriterClock.Unbounded), onClock: true).Completed, Is.True);
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_trades"), Is.EqualTo(2));
    }

    // One thread beside the writer (two processors): the insight, the curve and the rest one after another; three: side by side.
    [TestCase(1)]
    [TestCase(3)]
    public void A_backtest_whose_end_stores_its_trades_while_the_rest_of_its_analysis_is_computed_stores_what_analyze_stores(int threads)
    {
        using var db = new TempDatabase();
        var clock = new FakeClock(Scenario.T0);
        var session = WriterClock.Follow(clock, RecorderSession.Open(db.Path, new RecorderOptions { Time = clock, EndAnalysisThreads = threads }));
        var s = new Scenario(source: RunSource.Backtest);
        const int trades = 700;
        // More trades and orders than one writer step: the end stores them (and their insight) before its equity and
        // metrics, computed meanwhile.
        Assert.That((2 * trades) + (2 * trades), Is.GreaterThanOrEqualTo(AnalysisSteps.WriterRowsPerStep));
        Record(session, s.Start().Concat(Trades(s, trades, openAtEnd: true)).Append(s.End(at: 120.0 * (trades + 1))));
        var end = session.AnalyzeRunWhenWritten(s.RunId);
        WriterClock.MoveUntil(clock, () => end.IsCompleted);
        Assert.That(end.IsCompletedSuccessfully, Is.True, () => end.Exception?.ToString() ?? "cancelled");
        Assert.That(WriterClock.WhileMoving(clock, () => session.Close(WriterClock.Unbounded), onClock: true).Completed, Is.True);
        var stored = Dump(db);
        var summary = Analysed(db)!;
        Assert.That((bool?)summary["whole_run"], Is.True);
        Assert.That(stored["run_trades"], Has.Count.EqualTo(trades + 1));

        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: clock);
        Assert.That(Dump(db), Is.EqualTo(stored));
        var reference = Analysed(db)!;
        Assert.That(summary["metrics"]!.ToJsonString(), Is.EqualTo(reference["metrics"]!.ToJsonString()));
        Assert.That(summary["notes"]!.ToJsonString(), Is.EqualTo(reference["notes"]!.ToJsonString()));
    }

    [Test]
    public void A_run_that_ends_gets_its_whole_analysis_and_is_not_analysed_as_running_after_it()
    {
        using var db = new TempDatabase();
        var clock = new FakeClock(Scenario.T0);
        var session = WriterClock.Follow(clock, RecorderSession.Open(db.Path, new RecorderOptions { Time = clock }));
        var s = new Scenario(source: RunSource.Paper);
        Record(session, s.Start().Concat(Trades(s, trades: 2, openAtEnd: false)).Append(s.End()));
        var end = session.AnalyzeRunWhenWritten(s.RunId);
        WriterClock.MoveUntil(clock, () => end.IsCompleted);

        MoveWhenResting(clock, 2 * Interval);
        Assert.That(WriterClock.WhileMoving(clock, () => session.Close(WriterClock.Unbounded), onClock: true).Completed, Is.True);
        Assert.That(session.RunningAnalysesStarted, Is.EqualTo(0));
        Assert.That((bool?)Analysed(db)!["whole_run"], Is.True);
    }

    [Test]
    public void Without_an_interval_a_run_is_analysed_only_at_its_end()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Live);
        Recorded.Write(db.Path, s.Start().Concat(Trades(s, trades: 1, openAtEnd: false)), new RecorderOptions { LiveAnalysisInterval = null });

        Assert.That(Analysed(db), Is.Null);
    }

    [Test]
    public void A_running_runs_analysis_whose_fills_arrived_before_their_orders_equals_analyze()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Live);
        var events = s.Start().ToList();
        // Each trade's fills first, their orders after (soft links: docs/decisions.md, 5).
        foreach (var chunk in Trades(s, trades: 4, openAtEnd: true).Chunk(3))
        {
            events.AddRange(chunk.OfType<BarRecorded>());
            events.AddRange(chunk.OfType<ExecutionRecorded>());
            events.AddRange(chunk.OfType<OrderSnapshot>());
        }

        // The session's close stores the analysis of the run it leaves open.
        Recorded.Write(db.Path, events);

        AssertEqualsAnalyze(db, s.RunId, trades: 4);
    }

    [Test]
    public void A_running_runs_analysis_from_an_import_with_repeats_and_stale_copies_interleaved_equals_analyze()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Paper);
        var events = s.Start().Concat(Trades(s, trades: 6, openAtEnd: true)).ToList();
        // Every trading event again, some twice, an order's earlier state after its later one, all in a shuffled order
        // after the first copy: what a fuzzed import brings.
        var random = new Random(54);
        var copies = events.Skip(4).Concat(events.Skip(4).Where(_ => random.Next(3) == 0))
            .Concat(events.OfType<OrderSnapshot>().Select(o => (RecorderEvent)(o with { Status = "OPENED", FilledQuantity = 0, EventUtc = o.EventUtc.AddSeconds(-0.5) })))
            .OrderBy(_ => random.Next()).ToList();
        Recorded.Write(db.Path, events.Concat(copies), new RecorderOptions { MaxBatchSize = 7 });

        AssertEqualsAnalyze(db, s.RunId, trades: 6);
    }

    // The analysis the close stored for the open run against `recorder analyze` of the same rows: every derived table,
    // every metric but those that need the whole run, as of the same event.
    private static void AssertEqualsAnalyze(TempDatabase db, string runId, int trades)
    {
        var running = Analysed(db) ?? throw new AssertionException("the close stored no analysis of the open run");
        Assert.That((bool?)running["whole_run"], Is.False);
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_trades WHERE is_open = 0"), Is.EqualTo(trades));
        AssertEqualsAnalyze(db, runId, running, TimeProvider.System);
    }

    private static void AssertEqualsAnalyze(TempDatabase db, string runId, JsonNode running, TimeProvider time)
    {
        var runningRows = Dump(db);
        RunAnalysisStore.AnalyzeFile(db.Path, runId, time: time);
        var analyzed = Dump(db);
        var reference = Analysed(db)!;
        foreach (var (table, _) in Derived)
        {
            Assert.That(runningRows[table], Is.EqualTo(analyzed[table]), table);
            Assert.That(runningRows[table], Is.Not.Empty, table);
        }

        Assert.That(runningRows["run_metrics_kv"], Is.EqualTo(analyzed["run_metrics_kv"].Where(row => !WholeRun(row)).ToList()),
            "every metric but those that need the whole run, which the running analysis leaves out");
        Assert.That(running["as_of_utc"]!.ToJsonString(), Is.EqualTo(reference["as_of_utc"]!.ToJsonString()), "as of the same event");
        Assert.That((bool?)reference["whole_run"], Is.True);
        Assert.That(Without(running["metrics"]!), Is.EqualTo(Without(reference["metrics"]!)));
        Assert.That(Without(running["units"]!), Is.EqualTo(Without(reference["units"]!)));
        Assert.That(Notes(running), Is.EqualTo(Notes(reference)));
    }

    private static void Record(RecorderSession session, IEnumerable<RecorderEvent> events)
    {
        foreach (var e in events)
        {
            Assert.That(session.Record(e), Is.True);
        }
    }

    // Long 1 at 5000 + i, out at 5003 + i a minute later, over bars of those minutes; then, if asked, one more entry.
    private static IEnumerable<RecorderEvent> Trades(Scenario s, int trades, bool openAtEnd, int from = 0)
    {
        for (var i = from; i < from + trades; i++)
        {
            var at = 120.0 * i;
            yield return s.Bar(2 * i, 5000 + i);
            yield return s.Order($"E{i}", Side.Buy, 1, "FILLED", at: at + 1, filled: 1);
            yield return s.Fill($"XE{i}", $"E{i}", Side.Buy, 1, price: 5000 + i, at: at + 1);
            yield return s.Bar((2 * i) + 1, 5003 + i);
            yield return s.Order($"C{i}", Side.Sell, 1, "FILLED", at: at + 61, filled: 1);
            yield return s.Fill($"XC{i}", $"C{i}", Side.Sell, 1, price: 5003 + i, at: at + 61);
        }

        if (openAtEnd)
        {
            var at = 120.0 * (from + trades);
            yield return s.Bar(2 * (from + trades), 4990);
            yield return s.Order("OPEN", Side.Buy, 2, "FILLED", at: at + 1, filled: 2);
            yield return s.Fill("XOPEN", "OPEN", Side.Buy, 2, price: 4990, at: at + 1);
        }
    }

    // The writer's alarm is armed once it rests (FakeClock.WritersRest): then the clock moves past it.
    private static void MoveWhenResting(FakeClock clock, TimeSpan by)
    {
        Assert.That(SpinWait.SpinUntil(clock.WritersRest, TimeSpan.FromSeconds(60)), Is.True);
        clock.Advance(by);
    }

    private static JsonNode? Analysed(TempDatabase db) =>
        Db.Scalar<string?>(db.Path, "SELECT metrics_json FROM strategy_runs") is { } json ? JsonNode.Parse(json) : null;

    private static Dictionary<string, List<string>> Dump(TempDatabase db) =>
        Derived.Append(("run_metrics_kv", "key")).ToDictionary(d => d.Item1, d => Db.Dump(db.Path, d.Item1, d.Item2));

    private static bool WholeRun(string metricRow) => MetricKeys.WholeRun.Any(key => metricRow.Contains($"|key={key}|", StringComparison.Ordinal));

    private static string Without(JsonNode byKey) =>
        new JsonObject(byKey.AsObject().Where(p => !MetricKeys.WholeRun.Contains(p.Key))
            .Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))).ToJsonString();

    private static List<string> Notes(JsonNode summary) =>
        summary["notes"]!.AsArray().Select(n => (string)n!).Where(n => !MetricKeys.WholeRun.Any(k => n.StartsWith(k + ":", StringComparison.Ordinal))).ToList();
}
