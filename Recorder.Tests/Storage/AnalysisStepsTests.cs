using Dapper;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// The store of an analysis in steps (a run's end, on the writer between batches) writes exactly the rows of the
/// store in one transaction, and metrics_json says whether they are all there.
/// </summary>
[TestFixture]
public sealed class AnalysisStepsTests
{
    private static readonly TestClock Clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    private static readonly (string Table, string Order)[] Derived =
    [
        ("run_trades", "trade_no"), ("run_equity", "seq"), ("run_order_quality", "order_id"), ("run_metrics_kv", "key"),
        ("run_order_shortfall", "order_id"), ("run_trade_context", "trade_no"),
    ];

    [Test]
    public void Steps_of_one_row_each_replace_the_earlier_rows_with_those_of_one_transaction()
    {
        using var db = new TempDatabase();
        var s = RecordRoundTrips(db, trades: 5);
        using var connection = DatabaseFile.OpenForWriting(db.Path, Clock);
        RunAnalysisStore.Analyze(connection, s.RunId, time: Clock, trialFigures: false);
        var atOnce = Dump(db.Path);
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_trades"), Is.EqualTo(5), "precondition: several rows a table");

        var input = RunLoader.Load(connection, s.RunId);
        var analysis = RunAnalyzer.Analyze(input, AnalysisOptions.Default);
        var insight = RunInsight.Compute(connection, s.RunId, input, analysis);
        var precision = StoredPrecision.Of(input);
        var steps = 0;
        var analysedMidway = new List<long>();
        foreach (var step in AnalysisSteps.Of(s.RunId, new RunAnalysisStore.Computed(s.RunId, precision.Apply(analysis), insight, RunAnalysisStore.AsOf(connection, s.RunId), true, precision), Clock, rowsPerStep: 1))
        {
            WriteTransaction.Run(connection, () => step(connection));
            steps++;
            analysedMidway.Add(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_runs WHERE metrics_json IS NOT NULL"));
        }

        Assert.That(steps, Is.GreaterThan(20), "every row was its own step: the earlier rows deleted one by one, the new ones inserted one by one");
        Assert.That(analysedMidway.Take(steps - 1), Has.All.EqualTo(0L), "no metrics_json while the rows are incomplete");
        Assert.That(analysedMidway[^1], Is.EqualTo(1L), "metrics_json written by the last step");
        Assert.That(Dump(db.Path), Is.EqualTo(atOnce));
    }

    [Test]
    public void A_store_after_the_writers_previous_one_writes_only_the_rows_that_changed_and_leaves_the_tables_a_full_store_leaves()
    {
        using var db = new TempDatabase();
        var s = RecordRoundTrips(db, trades: 5);
        using var connection = DatabaseFile.OpenForWriting(db.Path, Clock);
        var input = RunLoader.Load(connection, s.RunId);
        var images = new StoredImages();

        var first = Store(connection, s.RunId, input, images);
        Assert.That((first.Active, first.Unchanged), Is.EqualTo((false, 0)), "nothing stored before: every row written");
        Assert.That(images.Count, Is.EqualTo(1), "a running run's store is kept for its next");

        // The same rows again: nothing but what says when it was analysed.
        var again = Store(connection, s.RunId, input, images);
        Assert.That(again.Active, Is.True);
        Assert.That(again.Unchanged, Is.EqualTo(again.Next.Count), "every row was stored so");

        // The last round trip gone and the second's exit elsewhere: one row fewer in each table of trades, orders and
        // contexts, other values in a few, the rest as stored.
        var changed = LastGoneSecondMoved(input);
        var diff = Store(connection, s.RunId, changed, images);
        var compared = Dump(db.Path);
        Assert.That(diff.Active, Is.True);
        Assert.That(diff.Unchanged, Is.GreaterThan(diff.Next.Count / 2), "most rows were stored so and left as they were");
        Assert.That(diff.Gone().Select(g => g.Table), Does.Contain("run_trades").And.Contain("run_trade_context"), "the fifth trade's rows are gone");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_trades"), Is.EqualTo(4));

        // The same analysis stored whole, by a store with no previous one: the same tables, row for row.
        Store(connection, s.RunId, changed, images: null);
        Assert.That(compared, Is.EqualTo(Dump(db.Path)));
    }

    [Test]
    public void A_whole_runs_store_after_a_running_one_writes_what_changed_deletes_what_is_gone_keeps_no_image_and_leaves_a_full_stores_tables()
    {
        using var db = new TempDatabase();
        var s = RecordRoundTrips(db, trades: 5);
        using var connection = DatabaseFile.OpenForWriting(db.Path, Clock);
        var input = RunLoader.Load(connection, s.RunId);
        var images = new StoredImages();
        Store(connection, s.RunId, input, images);
        var rowsBefore = images.Rows;

        // The run's end: the last round trip gone and the second's exit elsewhere, analysed whole.
        var ended = LastGoneSecondMoved(input);
        var diff = Store(connection, s.RunId, ended, images, wholeRun: true);
        var compared = Dump(db.Path);

        Assert.That(diff.Active, Is.True);
        Assert.That(diff.Next.Count, Is.Zero, "a whole run's store makes no image of its own");
        Assert.That(images.Count, Is.Zero, "and keeps none");
        var (written, unchanged) = (images.Rows.Written - rowsBefore.Written, images.Rows.Unchanged - rowsBefore.Unchanged);
        Assert.That(unchanged, Is.EqualTo(diff.Unchanged));
        Assert.That(unchanged, Is.GreaterThan(0), "rows stored so were left as they were");
        Assert.That(written, Is.GreaterThan(0), "the changed and new ones (the whole run's own metrics among them) written");
        Assert.That(diff.Gone().Select(g => g.Table).Distinct(), Is.SupersetOf(new[] { "run_trades", "run_trade_context" }),
            "the fifth trade's rows, and only rows no longer written, are what is left of the previous store");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_trades"), Is.EqualTo(4));

        // The same analysis stored whole by a store with no previous one: the same tables, row for row.
        Store(connection, s.RunId, ended, images: null, wholeRun: true);
        Assert.That(compared, Is.EqualTo(Dump(db.Path)));
    }

    [Test]
    public void A_compared_store_passes_over_a_row_stored_so_inserts_a_new_key_and_replaces_a_changed_row_under_its_key([Values] bool wholeRun)
    {
        using var db = new TempDatabase();
        var s = RecordRoundTrips(db, trades: 3);
        using var connection = DatabaseFile.OpenForWriting(db.Path, Clock);
        var images = new StoredImages();
        Store(connection, s.RunId, RunLoader.Load(connection, s.RunId), images);
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_trades"), Is.EqualTo(3), "precondition: three trades stored");

        // What the previous store wrote, as the writer keeps it: trades 1 and 2, each under a fingerprint of its own.
        RowDiff Compared()
        {
            var previous = new StoredRows
            {
                MetricsJson = Db.Scalar<string>(db.Path, "SELECT metrics_json FROM strategy_runs WHERE run_id = @runId", new { runId = s.RunId }),
                DataVersion = StoredRows.Version(connection),
            };
            previous.Add("run_trades", RowKey.Of(1), 11);
            previous.Add("run_trades", RowKey.Of(2), 22);
            images.Take(s.RunId);
            images.Keep(s.RunId, previous);
            var compared = new RowDiff(images, s.RunId, keep: !wholeRun);
            WriteTransaction.Run(connection, () => compared.Check(connection));
            Assert.That(compared.Active, Is.True, "precondition: the file holds the previous store");
            return compared;
        }

        var diff = Compared();

        Assert.That(diff.Change("run_trades", RowKey.Of(1), 11), Is.EqualTo(RowChange.Same), "stored so: not written");
        Assert.That(diff.Change("run_trades", RowKey.Of(2), 23), Is.EqualTo(RowChange.Differs), "another row under its key");
        Assert.That(diff.Change("run_trades", RowKey.Of(4), 44), Is.EqualTo(RowChange.New), "no row under its key");
        Assert.That(diff.Unchanged, Is.EqualTo(1));

        // Only a changed row's key is cleared before its insert: a new one is inserted as it is, one stored so not at all.
        long Trades(long number) => Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_trades WHERE run_id = @runId AND trade_no = @number", new { runId = s.RunId, number });
        var admitting = Compared();
        var admitted = WriteTransaction.Run(connection, admitting, d =>
        {
            using var replacer = d.Replacer(connection);
            return (d.Admit(replacer, "run_trades", RowKey.Of(3), 33), d.Admit(replacer, "run_trades", RowKey.Of(2), 23),
                d.Admit(replacer, "run_trades", RowKey.Of(1), 11));
        });
        Assert.That(admitted, Is.EqualTo((true, true, false)), "the new and the changed row written, the one stored so not");
        Assert.That((Trades(1), Trades(2), Trades(3)), Is.EqualTo((1L, 0L, 1L)));
    }

    [Test]
    public void A_store_after_another_connection_wrote_the_file_writes_every_row_again()
    {
        using var db = new TempDatabase();
        var s = RecordRoundTrips(db, trades: 3);
        using var connection = DatabaseFile.OpenForWriting(db.Path, Clock);
        var input = RunLoader.Load(connection, s.RunId);
        var images = new StoredImages();
        Store(connection, s.RunId, input, images);

        // `recorder analyze` from another process: its rows are its own, whatever the writer remembers.
        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: Clock);
        var after = Store(connection, s.RunId, input, images);
        Assert.That((after.Active, after.Unchanged), Is.EqualTo((false, 0)));

        // Its metrics_json rewritten on the writer's own connection (the trial figures do so): the same.
        Store(connection, s.RunId, input, images);
        connection.Execute("UPDATE strategy_runs SET metrics_json = json_set(metrics_json, '$.as_of_utc', 'x')");
        Assert.That(Store(connection, s.RunId, input, images).Active, Is.False);
        Assert.That(Store(connection, s.RunId, input, images).Active, Is.True, "precondition: the file holding the previous store, rows are compared");
    }

    [Test]
    public void A_store_of_more_rows_than_the_writer_keeps_is_not_kept_and_the_next_writes_every_row()
    {
        using var db = new TempDatabase();
        var s = RecordRoundTrips(db, trades: 3);
        using var connection = DatabaseFile.OpenForWriting(db.Path, Clock);
        var input = RunLoader.Load(connection, s.RunId);
        var images = new StoredImages();

        var first = Store(connection, s.RunId, input, images, maxRows: 5);
        Assert.That(first.Next.Count, Is.GreaterThan(5), "precondition: more rows than kept");
        Assert.That(images.Count, Is.Zero);
        Assert.That(Store(connection, s.RunId, input, images).Active, Is.False, "nothing kept: every row written");
        Assert.That(Store(connection, s.RunId, input, images).Active, Is.True, "precondition: within the bound, kept");
    }

    [Test]
    public void A_running_store_called_off_part_way_notes_what_it_wrote_and_the_next_store_compares_with_what_the_file_holds()
    {
        using var db = new TempDatabase();
        var s = RecordRoundTrips(db, trades: 5);
        using var connection = DatabaseFile.OpenForWriting(db.Path, Clock);
        var input = RunLoader.Load(connection, s.RunId);
        var images = new StoredImages();
        // The first three round trips stored while the run recorded; then all five, called off part way (its end asked for).
        Store(connection, s.RunId, input with { Fills = input.Fills.Where(f => f.ExecutionId is not ("XE3" or "XC3" or "XE4" or "XC4")).ToList() }, images);
        using var stop = new CancellationTokenSource();
        var steps = 0;
        foreach (var step in AnalysisSteps.Of(s.RunId, Running(connection, s.RunId, input), Clock, rowsPerStep: 2, images, stop.Token))
        {
            WriteTransaction.Run(connection, () => step(connection));
            if (++steps == 3)
            {
                // Its first step (metrics_json cleared) and two of trades, two rows each: the fourth trade's is the last.
                stop.Cancel();
            }
        }

        Assert.That(steps, Is.EqualTo(4), "the steps it ran, and one noting what they wrote");
        Assert.That(images.Count, Is.EqualTo(1), "kept for the next store");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_runs WHERE metrics_json IS NOT NULL"), Is.Zero, "its rows are incomplete");
        var partway = Dump(db.Path);
        Assert.That(partway["run_trades"], Has.Count.EqualTo(4));

        // The next store compares with what the file holds: it leaves exactly the rows that are the same, and the tables
        // end as a store of every row leaves them.
        var next = Store(connection, s.RunId, input, images);
        var stored = Dump(db.Path);
        Assert.That(next.Active, Is.True);
        Assert.That(next.Unchanged, Is.EqualTo(Derived.Sum(d => partway[d.Table].Intersect(stored[d.Table]).Count())));
        Assert.That(next.Unchanged, Is.GreaterThan(0));
        Store(connection, s.RunId, input, images: null);
        Assert.That(Dump(db.Path), Is.EqualTo(stored));
    }

    [Test]
    public void A_store_called_off_before_its_first_step_writes_and_takes_nothing()
    {
        using var db = new TempDatabase();
        var s = RecordRoundTrips(db, trades: 2);
        using var connection = DatabaseFile.OpenForWriting(db.Path, Clock);
        var input = RunLoader.Load(connection, s.RunId);
        var images = new StoredImages();
        Store(connection, s.RunId, input, images);
        var before = Dump(db.Path);

        using var stop = new CancellationTokenSource();
        stop.Cancel();
        Assert.That(AnalysisSteps.Of(s.RunId, Running(connection, s.RunId, input), Clock, rowsPerStep: 2, images, stop.Token), Is.Empty);
        Assert.That((images.Count, Dump(db.Path)), Is.EqualTo((1, before)));
    }

    // A running run's analysis of the input stored in steps of 2 rows, as the writer stores it; returns its comparison.
    internal static RowDiff Store(Microsoft.Data.Sqlite.SqliteConnection connection, string runId, RunInput input, StoredImages? images,
        int maxRows = StoredRows.MaxRows, bool wholeRun = false)
    {
        var diff = new RowDiff(images, runId, keep: !wholeRun, maxRows);
        foreach (var step in AnalysisSteps.Of(runId, Running(connection, runId, input, wholeRun), Clock, rowsPerStep: 2, diff))
        {
            WriteTransaction.Run(connection, () => step(connection));
        }

        return diff;
    }

    // Five round trips' input with the last one's fills no longer there and the second one's exit 7 points higher.
    internal static RunInput LastGoneSecondMoved(RunInput input) => input with
    {
        Fills = input.Fills.Where(f => f.ExecutionId is not ("XE4" or "XC4"))
            .Select(f => f.ExecutionId == "XC1" ? f with { Price = f.Price + 7 } : f).ToList(),
    };

    // A running run's analysis of the input, as stored (or, with wholeRun, its end's).
    private static RunAnalysisStore.Computed Running(Microsoft.Data.Sqlite.SqliteConnection connection, string runId, RunInput input, bool wholeRun = false)
    {
        var analysis = RunAnalyzer.Analyze(input, AnalysisOptions.Default with { WholeRun = wholeRun });
        var insight = RunInsight.Compute(connection, runId, input, analysis);
        var precision = StoredPrecision.Of(input);
        return new RunAnalysisStore.Computed(runId, precision.Apply(analysis), insight, RunAnalysisStore.AsOf(connection, runId), wholeRun, precision);
    }

    internal static Dictionary<string, List<string>> Dump(string path)
    {
        var tables = Derived.ToDictionary(d => d.Table, d => Db.Dump(path, d.Table, d.Order));
        tables["metrics_json"] = Db.Query<string>(path, "SELECT metrics_json FROM strategy_runs");
        return tables;
    }

    /// <summary>Long 1 at 5000 + i, out at 5002 + i, a minute apart, over bars of the same minutes.</summary>
    internal static Scenario RecordRoundTrips(TempDatabase db, int trades)
    {
        var s = new Scenario(source: RunSource.Backtest);
        var events = s.Start().ToList();
        for (var i = 0; i < trades; i++)
        {
            var at = 120.0 * i;
            events.Add(s.Bar(2 * i, 5000 + i));
            events.Add(s.Order($"E{i}", Side.Buy, 1, "FILLED", at: at + 1, filled: 1));
            events.Add(s.Fill($"XE{i}", $"E{i}", Side.Buy, 1, price: 5000 + i, at: at + 1));
            events.Add(s.Bar((2 * i) + 1, 5002 + i));
            events.Add(s.Order($"C{i}", Side.Sell, 1, "FILLED", at: at + 61, filled: 1));
            events.Add(s.Fill($"XC{i}", $"C{i}", Side.Sell, 1, price: 5002 + i, at: at + 61));
        }

        events.Add(s.End(at: 120.0 * trades));
        Recorded.Write(db.Path, events);
        return s;
    }
}
