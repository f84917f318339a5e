using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Replay;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// A run's bars are the bars it saw (docs/decisions.md, 14): what a series covers is recorded, so bars other runs store
/// in its gaps or beside it, before or after it, never enter it — whatever the order and the batching.
/// </summary>
[TestFixture]
public sealed class SeriesCoverageTests
{
    // Run A saw minutes 1 and 5 of the market (its connection dropped in between); B saw minutes 2 to 4, with values far
    // from A's, so that a bar of B's read as A's would move A's equity and its trade's excursions.
    private static readonly int[] SeenByA = [1, 5];
    private static readonly int[] SeenByB = [2, 3, 4];

    [Test]
    public void Bars_another_run_records_later_in_a_runs_gap_never_enter_it_nor_its_equity_and_metrics()
    {
        using var db = new TempDatabase();
        var a = new Scenario(source: RunSource.Backtest);
        // Another strategy: B is not one of A's trials, so only the bars could move A's figures.
        var b = new Scenario(source: RunSource.Backtest, strategy: "Another strategy");
        Recorded.Write(db.Path, RunA(a));
        RunAnalysisStore.AnalyzeFile(db.Path, a.RunId);
        var before = Derived(db.Path, a.RunId);
        Assert.That(Minutes(db.Path, a.RunId), Is.EqualTo(SeenByA));

        Recorded.Write(db.Path, RunB(b));
        RunAnalysisStore.AnalyzeFile(db.Path, a.RunId);

        Assert.That(Minutes(db.Path, a.RunId), Is.EqualTo(SeenByA), "A's bars: the two it saw");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM v_run_bars WHERE run_id = @RunId", new { a.RunId }), Is.EqualTo(2));
        Assert.That(Minutes(db.Path, b.RunId), Is.EqualTo(SeenByB), "B's bars: the three it saw");
        Assert.That(Derived(db.Path, a.RunId), Is.EqualTo(before), "A's trades, equity and metrics, analysed again");
        using var reader = RecorderStore.OpenRead(db.Path);
        Assert.That(reader.MarketData.Bars(a.RunId, "ES", "1m"), Has.Count.EqualTo(2), "the read API's bars of A");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM market_bars"), Is.EqualTo(5), "every bar stored once");
    }

    [Test]
    public void A_run_that_stretches_over_bars_another_run_stored_first_does_not_take_them()
    {
        using var db = new TempDatabase();
        var a = new Scenario(source: RunSource.Backtest);
        var b = new Scenario(source: RunSource.Backtest, parameters: new Dictionary<string, object?> { ["period"] = 20 });
        Recorded.Write(db.Path, RunB(b));
        Recorded.Write(db.Path, RunA(a));

        Assert.That(Minutes(db.Path, a.RunId), Is.EqualTo(SeenByA));
        Assert.That(Minutes(db.Path, b.RunId), Is.EqualTo(SeenByB));
    }

    [Test]
    public void What_is_stored_does_not_depend_on_the_order_of_the_runs_nor_on_the_batching()
    {
        using var db = new TempDatabase();
        var a = new Scenario(source: RunSource.Backtest);
        var b = new Scenario(source: RunSource.Backtest, parameters: new Dictionary<string, object?> { ["period"] = 20 });
        var c = new Scenario(source: RunSource.Backtest, parameters: new Dictionary<string, object?> { ["period"] = 30 });
        var events = new[] { RunA(a).ToList(), RunB(b).ToList(), Run(c, [0, 3, 6]).ToList() };

        var dumps = new List<string>();
        foreach (var (order, batch) in new[] { (new[] { 0, 1, 2 }, 1), (new[] { 2, 1, 0 }, 1), (new[] { 1, 0, 2 }, 4096), (new[] { 0, 2, 1 }, 3) })
        {
            var path = db.Sibling($"order-{string.Join("", order)}-{batch}.db");
            var options = new RecorderOptions { MaxBatchSize = batch };
            // Interleaved, event by event, in this order of runs: the runs record side by side.
            var interleaved = Enumerable.Range(0, events.Max(e => e.Count))
                .SelectMany(i => order.Where(r => i < events[r].Count).Select(r => events[r][i]));
            Recorded.Write(path, interleaved, options);
            dumps.Add(Tables(path));
            Assert.That(Minutes(path, a.RunId), Is.EqualTo(SeenByA), $"A, runs in the order {string.Join(",", order)}, batches of {batch}");
            Assert.That(Minutes(path, b.RunId), Is.EqualTo(SeenByB));
            Assert.That(Minutes(path, c.RunId), Is.EqualTo(new[] { 0, 3, 6 }));
        }

        Assert.That(dumps.Distinct().Count(), Is.EqualTo(1), "the same bars and the same unseen times every way");
    }

    [Test]
    public void A_run_that_later_sees_a_time_it_had_not_takes_it_and_only_it()
    {
        using var db = new TempDatabase();
        var a = new Scenario(source: RunSource.Live);
        var b = new Scenario(source: RunSource.Backtest, parameters: new Dictionary<string, object?> { ["period"] = 20 });
        Recorded.Write(db.Path, a.Start().Concat(SeenByA.Select(m => a.Bar(m, Close(m)))));
        Recorded.Write(db.Path, RunB(b));

        // A's history, reloaded after its connection came back, brings minute 3 with the market's values.
        Recorded.Write(db.Path, [a.Bar(3, FarClose(3))]);

        Assert.That(Minutes(db.Path, a.RunId), Is.EqualTo(new[] { 1, 3, 5 }));
        Assert.That(Db.Query<long>(db.Path, "SELECT ts FROM series_unseen WHERE series_id = @SeriesId ORDER BY ts", new { a.SeriesId }),
            Is.EqualTo(new[] { 2, 4 }.Select(Ticks)), "minutes 2 and 4 still unseen");
    }

    [Test]
    public void A_newer_state_of_a_bar_a_run_did_not_see_is_not_kept_for_it()
    {
        using var db = new TempDatabase();
        var a = new Scenario(source: RunSource.Backtest);
        var b = new Scenario(source: RunSource.Live, parameters: new Dictionary<string, object?> { ["period"] = 20 });
        Recorded.Write(db.Path, RunA(a));
        Recorded.Write(db.Path, b.Start().Concat(SeenByB.Select(m => b.Bar(m, FarClose(m)))));
        // B's provider corrects minute 3 (a newer closed state): the market's bar moves; A, which never saw it, keeps nothing.
        Recorded.Write(db.Path, [b.Bar(3, FarClose(3) + 1) with { Volume = 20 }]);

        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM series_bars"), Is.Zero);
        Assert.That(Minutes(db.Path, a.RunId), Is.EqualTo(SeenByA));
    }

    [Test]
    public void Replay_rebuilds_the_same_bars_and_unseen_times()
    {
        using var db = new TempDatabase();
        var a = new Scenario(source: RunSource.Backtest);
        var b = new Scenario(source: RunSource.Backtest, parameters: new Dictionary<string, object?> { ["period"] = 20 });
        Recorded.Write(db.Path, RunA(a));
        Recorded.Write(db.Path, RunB(b));

        var target = db.Sibling("rebuilt.db");
        var result = EventReplayer.Rebuild(db.Path, target);

        Assert.That(result.Quarantined, Is.Zero);
        Assert.That(Tables(target), Is.EqualTo(Tables(db.Path)));
        Assert.That(Stored(target), Is.EqualTo(Stored(db.Path)));
    }

    [Test]
    public void A_runs_bar_count_is_the_bars_it_saw_read_run_by_run_not_through_every_bar_of_the_file()
    {
        using var db = new TempDatabase();
        var a = new Scenario(source: RunSource.Backtest);
        var b = new Scenario(source: RunSource.Backtest, parameters: new Dictionary<string, object?> { ["period"] = 20 });
        var c = new Scenario(source: RunSource.Backtest, parameters: new Dictionary<string, object?> { ["period"] = 30 });
        Recorded.Write(db.Path, RunA(a));
        Recorded.Write(db.Path, RunB(b));
        // C sees minutes 0 to 6 at A's level: where the market holds B's values (2 to 4) it keeps its own.
        Recorded.Write(db.Path, Run(c, [0, 1, 2, 3, 4, 5, 6]));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM series_unseen"), Is.GreaterThan(0), "A did not see B's minutes");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM series_bars"), Is.GreaterThan(0), "C keeps values of its own");

        using var reader = RecorderStore.OpenRead(db.Path);
        var listed = reader.Runs.List(new RunQuery()).Runs.ToDictionary(r => r.RunId, r => r.BarCount);
        foreach (var (run, seen) in new[] { (a, 2L), (b, 3L), (c, 7L) })
        {
            var viewed = Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM v_run_bars WHERE run_id = @RunId", new { run.RunId });
            Assert.That(viewed, Is.EqualTo(seen), "the view's bars of the run");
            Assert.That(listed[run.RunId], Is.EqualTo(seen), "listed");
            Assert.That(reader.Runs.Get(run.RunId)!.BarCount, Is.EqualTo(seen), "one run's row");
            Assert.That(reader.Runs.Detail(run.RunId)!.Run.BarCount, Is.EqualTo(seen), "one run's detail");
        }

        using (var maintenance = RecorderStore.OpenMaintenance(db.Path, TimeProvider.System))
        {
            Assert.That(maintenance.CountRows([a.RunId, c.RunId]).Single(n => n.Table == "bars").Rows, Is.EqualTo(9), "what pruning A and C would take");
        }

        // Counted through the tables' keys: SQLite never builds the whole view (every run's bars) for one run's count.
        var plan = Db.Query<(long Id, long Parent, long NotUsed, string Detail)>(db.Path,
            $"EXPLAIN QUERY PLAN SELECT {QuantowerRecorder.Storage.Queries.Sql.RunBarCount.OfRunRow} FROM strategy_runs r WHERE r.run_id = @RunId",
            new { a.RunId }).Select(step => step.Detail).ToList();
        Assert.That(plan, Has.Some.Contains("SEARCH b USING PRIMARY KEY"), string.Join("\n", plan));
        Assert.That(plan, Has.None.Contains("MATERIALIZE").And.None.Contains("SCAN"), string.Join("\n", plan));
    }

    [Test]
    public void Pruning_the_run_that_filled_the_gap_takes_its_bars_and_the_unseen_times_with_it()
    {
        using var db = new TempDatabase();
        var a = new Scenario(source: RunSource.Backtest);
        var b = new Scenario(source: RunSource.Backtest, parameters: new Dictionary<string, object?> { ["period"] = 20 });
        Recorded.Write(db.Path, RunA(a));
        Recorded.Write(db.Path, RunB(b));

        using (var maintenance = RecorderStore.OpenMaintenance(db.Path, TimeProvider.System))
        {
            maintenance.DeleteRuns([b.RunId]);
        }

        Assert.That(Minutes(db.Path, a.RunId), Is.EqualTo(SeenByA));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM market_bars"), Is.EqualTo(2), "the bars only B saw went with it");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM series_unseen"), Is.Zero, "and A's unseen times there");
    }

    [Test]
    public void Merging_files_keeps_each_runs_bars_as_it_saw_them()
    {
        using var db = new TempDatabase();
        var a = new Scenario(source: RunSource.Backtest);
        var b = new Scenario(source: RunSource.Backtest, parameters: new Dictionary<string, object?> { ["period"] = 20 });
        var withB = db.Sibling("b.db");
        Recorded.Write(db.Path, RunA(a));
        Recorded.Write(withB, RunB(b));

        var merged = db.Sibling("merged.db");
        Recorded.Write(merged, []);
        using (var merge = QuantowerRecorder.Storage.Merging.RecorderMerge.Open(merged, new QuantowerRecorder.Storage.Merging.MergeOptions()))
        {
            merge.Merge(db.Path);
            merge.Merge(withB);
        }

        Assert.That(Minutes(merged, a.RunId), Is.EqualTo(SeenByA), "B's bars, merged after A, stay out of A");
        Assert.That(Minutes(merged, b.RunId), Is.EqualTo(SeenByB));

        // The other way round: B's file first, A's stretch merged over B's bars.
        var reversed = db.Sibling("reversed.db");
        Recorded.Write(reversed, []);
        using (var merge = QuantowerRecorder.Storage.Merging.RecorderMerge.Open(reversed, new QuantowerRecorder.Storage.Merging.MergeOptions()))
        {
            merge.Merge(withB);
            merge.Merge(db.Path);
        }

        Assert.That(Minutes(reversed, a.RunId), Is.EqualTo(SeenByA), "A merged over B's bars");
        Assert.That(Minutes(reversed, b.RunId), Is.EqualTo(SeenByB));
        Assert.That(Tables(reversed), Is.EqualTo(Tables(merged)));
    }

    private static double Close(int minute) => BarsByMarketTests.Close(minute);

    // B's values: another market's level, so that a bar of B's in A's series would show in A's equity at once.
    private static double FarClose(int minute) => Close(minute) + 100;

    private static IEnumerable<RecorderEvent> Run(Scenario s, int[] minutes)
    {
        foreach (var e in s.Start())
        {
            yield return e;
        }

        foreach (var m in minutes)
        {
            yield return s.Bar(m, Close(m));
        }

        yield return s.End(at: 600);
    }

    // A buys at minute 1 and sells at minute 5: one trade held over the gap, marked on A's bars.
    private static IEnumerable<RecorderEvent> RunA(Scenario a)
    {
        foreach (var e in a.Start())
        {
            yield return e;
        }

        yield return a.Bar(1, Close(1));
        yield return a.Order("buy", Side.Buy, 1, status: "FILLED", at: 120, filled: 1);
        yield return a.Fill("buy-1", "buy", Side.Buy, 1, price: Close(1), at: 120);
        yield return a.Bar(5, Close(5));
        yield return a.Order("sell", Side.Sell, 1, status: "FILLED", at: 360, filled: 1);
        yield return a.Fill("sell-1", "sell", Side.Sell, 1, price: Close(5), at: 360);
        yield return a.End(at: 600);
    }

    private static IEnumerable<RecorderEvent> RunB(Scenario b)
    {
        foreach (var e in b.Start())
        {
            yield return e;
        }

        foreach (var m in SeenByB)
        {
            yield return b.Bar(m, FarClose(m));
        }

        yield return b.End(at: 600);
    }

    private static List<int> Minutes(string path, string runId) =>
        Db.Query<string>(path, "SELECT ts_utc FROM v_run_bars WHERE run_id = @runId ORDER BY ts_utc", new { runId })
            .Select(t => (int)(QuantowerRecorder.Storage.Timestamps.Parse(t) - Scenario.T0).TotalMinutes).ToList();

    // A run's derived rows and figures, without the time they were computed at.
    private static string Derived(string path, string runId) => string.Join("\n",
        Db.Query<string>(path, "SELECT json_remove(metrics_json, '$.analyzed_utc') FROM strategy_runs WHERE run_id = @runId", new { runId })
            .Concat(Db.Query<string>(path, "SELECT json_array(trade_no, net_pnl, mae, mfe) FROM run_trades WHERE run_id = @runId ORDER BY trade_no", new { runId }))
            .Concat(Db.Query<string>(path, "SELECT json_array(seq, ts_utc, equity, drawdown) FROM run_equity WHERE run_id = @runId ORDER BY seq", new { runId }))
            .Concat(Db.Query<string>(path, "SELECT json_array(key, value) FROM run_metrics_kv WHERE run_id = @runId ORDER BY key", new { runId })));

    private static long Ticks(int minute) => (Scenario.T0.AddMinutes(minute) - DateTime.UnixEpoch).Ticks;

    // Each series' bars and what it covers, by what they are (series ids and times; market ids are the file's own).
    private static string Tables(string path) => string.Join("\n",
        Db.Query<string>(path, "SELECT json_array(series_id, ts, open, close, volume, forming_utc) FROM v_series_bars ORDER BY series_id, ts")
            .Concat(Db.Query<string>(path, "SELECT json_array(series_id, ts) FROM series_unseen ORDER BY series_id, ts"))
            .Concat(Db.Query<string>(path, "SELECT json_array(series_id, first_bar, last_bar) FROM run_series ORDER BY series_id")));

    // Which run's values the market keeps, and which a series keeps as its own: the first run to store a time decides.
    private static string Stored(string path) => string.Join("\n",
        Db.Query<string>(path, "SELECT json_array(ts, close) FROM market_bars ORDER BY ts")
            .Concat(Db.Query<string>(path, "SELECT json_array(series_id, ts, close) FROM series_bars ORDER BY series_id, ts")));
}
