using Dapper;
using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Tests.Storage.Queries;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// run_equity since schema 14: the view of equity_data (rows keyed by a small number per run, equity_runs) with the
/// design's columns and rows, read-only since schema 25; files of schema 13 migrate in place.
/// </summary>
[TestFixture]
public sealed class EquityStorageTests
{
    private const string Dump = "SELECT run_id, seq, ts_utc, equity, drawdown, drawdown_pct, repeats, repeat_step_ticks FROM run_equity ORDER BY run_id, seq";

    // The same rows with the drawdowns rounded as schema 24 stores them (the test runs' money is in USD).
    private const string DumpRounded = "SELECT run_id, seq, ts_utc, equity, ROUND(drawdown, 2), ROUND(drawdown_pct, 6), repeats, repeat_step_ticks FROM run_equity ORDER BY run_id, seq";

    [Test]
    public void V_equity_points_gives_every_point_of_a_flat_stride_one_row_each_in_time_order()
    {
        using var db = new TempDatabase();
        var winner = QueryFiles.BracketWinner(db);
        var rows = Db.Query<(long Seq, string Ts, double Equity, long Repeats, long Step)>(db.Path,
            "SELECT seq, ts_utc, equity, repeats, repeat_step_ticks FROM run_equity WHERE run_id = @RunId ORDER BY seq", new { winner.RunId });
        Assert.That(rows.Any(r => r.Repeats > 0), "the run has a flat stride folded into one row");

        var points = Db.Query<(long Seq, string Ts, double Equity)>(db.Path,
            "SELECT seq, ts_utc, equity FROM v_equity_points WHERE run_id = @RunId ORDER BY seq", new { winner.RunId });

        var expected = rows.SelectMany(r => Enumerable.Range(0, (int)r.Repeats + 1).Select(i =>
            (r.Seq + i, Timestamps.Format(Timestamps.Parse(r.Ts).AddTicks(i * r.Step)), r.Equity))).ToList();
        Assert.That(points, Is.EqualTo(expected));
        Assert.That(points, Has.Count.EqualTo(rows.Sum(r => 1 + r.Repeats)));
    }

    [Test]
    public void A_schema_13_file_migrates_with_every_point_of_every_run_and_a_key_per_run_in_the_order_they_were_analysed()
    {
        using var db = new TempDatabase();
        var winner = QueryFiles.BracketWinner(db);
        var loser = QueryFiles.LiveLoser(db);
        var before = Rows(db.Path, Dump);
        Assert.That(before.Select(r => r[0]).Distinct(), Is.EquivalentTo(new[] { winner.RunId, loser.RunId }));
        MakeVersion13(db.Path);
        Assert.That(Db.Scalar<string>(db.Path, "SELECT type FROM sqlite_master WHERE name = 'run_equity'"), Is.EqualTo("table"));

        using (DatabaseFile.OpenForWriting(db.Path, QueryFiles.Clock))
        {
        }

        Assert.That(Db.Scalar<string>(db.Path, "SELECT type FROM sqlite_master WHERE name = 'run_equity'"), Is.EqualTo("view"));
        Assert.That(Rows(db.Path, Dump), Is.EqualTo(before));
        Assert.That(Db.Query<string>(db.Path, "SELECT run_id FROM equity_runs ORDER BY run_key"), Is.EqualTo(new[] { winner.RunId, loser.RunId }));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM equity_data"), Is.EqualTo(before.Count));
        using var reader = RecorderStore.OpenRead(db.Path);
        Assert.That(reader.Health.Check().Healthy, Is.True);
    }

    [Test]
    public void The_view_takes_no_writes_and_its_tables_refuse_what_it_refused()
    {
        using var db = new TempDatabase();
        var s = QueryFiles.BracketWinner(db);
        using var connection = Writable(db.Path);
        var points = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM run_equity WHERE run_id = @run", new { run = s.RunId });
        // Since schema 25 run_equity is only read: its rows are written where they are stored (StoredEquity).
        Assert.That(() => connection.Execute("INSERT INTO run_equity(run_id, seq, ts_utc, equity, drawdown) VALUES (@run, 1000, '2026-01-01T00:00:00.0000000Z', 7.5, 0)", new { run = s.RunId }),
            Throws.InstanceOf<SqliteException>().With.Message.Contains("cannot modify run_equity because it is a view"));
        Assert.That(() => connection.Execute("DELETE FROM run_equity WHERE run_id = @run", new { run = s.RunId }),
            Throws.InstanceOf<SqliteException>().With.Message.Contains("cannot modify run_equity because it is a view"));

        var at = StoredEquity.Ticks(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        connection.Execute(StoredEquity.Point, new { runId = s.RunId, seq = 1000, ts = at, equity = 7.5 });
        Assert.That(connection.QuerySingle<(double Equity, long Repeats, long Step)>(
            "SELECT equity, repeats, repeat_step_ticks FROM run_equity WHERE run_id = @run AND seq = 1000", new { run = s.RunId }), Is.EqualTo((7.5, 0L, 0L)),
            "omitted counts are 0, as the table's defaults were");
        Assert.That(() => connection.Execute(StoredEquity.Point, new { runId = s.RunId, seq = 1000, ts = at + 1, equity = 1.0 }),
            Throws.InstanceOf<SqliteException>().With.Message.Contains("UNIQUE constraint failed"), "a point's (run_id, seq) is still its key");
        Assert.That(() => connection.Execute(StoredEquity.Key, new { runId = "no-such-run", pctKnown = false }),
            Throws.InstanceOf<SqliteException>().With.Message.Contains("FOREIGN KEY constraint failed"), "a point still needs its run");
        Assert.That(() => connection.Execute(StoredEquity.Point, new { runId = s.RunId, seq = 1001, ts = (long?)null, equity = 1.0 }),
            Throws.InstanceOf<SqliteException>().With.Message.Contains("NOT NULL constraint failed: equity_data.ts"), "a point needs its time");

        connection.Execute("UPDATE equity_data SET equity = 8.25 WHERE run_key = (SELECT run_key FROM equity_runs WHERE run_id = @run) AND seq = 1000", new { run = s.RunId });
        Assert.That(connection.ExecuteScalar<double>("SELECT equity FROM run_equity WHERE run_id = @run AND seq = 1000", new { run = s.RunId }), Is.EqualTo(8.25));

        connection.Execute("DELETE FROM equity_data WHERE run_key = (SELECT run_key FROM equity_runs WHERE run_id = @run) AND seq = 1000", new { run = s.RunId });
        Assert.That(connection.ExecuteScalar<long>("SELECT COUNT(*) FROM run_equity WHERE run_id = @run", new { run = s.RunId }), Is.EqualTo(points));
    }

    [Test]
    public void Analysing_again_replaces_the_points_and_deleting_the_run_removes_them_and_its_key()
    {
        using var db = new TempDatabase();
        var winner = QueryFiles.BracketWinner(db);
        var loser = QueryFiles.LiveLoser(db);
        var before = Rows(db.Path, Dump);

        RunAnalysisStore.AnalyzeFile(db.Path, winner.RunId, time: QueryFiles.Clock);
        Assert.That(Rows(db.Path, Dump), Is.EqualTo(before));

        using (var maintenance = RecorderStore.OpenMaintenance(db.Path, QueryFiles.Clock))
        {
            var counts = maintenance.CountRows([winner.RunId]).ToDictionary(c => c.Table, c => c.Rows);
            Assert.That(counts["run_equity"], Is.EqualTo(before.Count(r => Equals(r[0], winner.RunId))));
            Assert.That(counts.Keys, Has.None.EqualTo("equity_runs").And.None.EqualTo("equity_data"), "counts name the design's tables");
            maintenance.DeleteRuns([winner.RunId]);
        }

        Assert.That(Rows(db.Path, Dump), Is.EqualTo(before.Where(r => Equals(r[0], loser.RunId)).ToList()));
        Assert.That(Db.Query<string>(db.Path, "SELECT run_id FROM equity_runs"), Is.EqualTo(new[] { loser.RunId }));
        using var reader = RecorderStore.OpenRead(db.Path);
        Assert.That(reader.Health.Check().Healthy, Is.True, "no point is left without its key, no key without its run");
    }

    [Test]
    public void Merging_computes_the_points_its_source_stored_and_a_second_merge_writes_none()
    {
        using var source = new TempDatabase();
        using var target = new TempDatabase();
        QueryFiles.BracketWinner(source);
        QueryFiles.LiveLoser(source);
        var points = Rows(source.Path, Dump);

        using var merge = QuantowerRecorder.Storage.Merging.RecorderMerge.Open(target.Path);
        var first = merge.Merge(source.Path);
        var dataRows = Db.Scalar<long>(target.Path, "SELECT COUNT(*) FROM equity_data");
        var second = merge.Merge(source.Path);

        // The curve is computed again from the merged rows (its runs analysed), and stored as the source's: a stride
        // marked on a series' bars is one row of equity_data (schema 19); a second merge writes and analyses nothing.
        Assert.That((first.AnalysedRuns, first.Conflicts.Count), Is.EqualTo((2, 0)));
        Assert.That(dataRows, Is.EqualTo(Db.Scalar<long>(source.Path, "SELECT COUNT(*) FROM equity_data")));
        Assert.That((second.Stored, second.AnalysedRuns, second.Conflicts.Count), Is.EqualTo((0L, 0, 0)));
        Assert.That(Db.Scalar<long>(target.Path, "SELECT COUNT(*) FROM equity_data"), Is.EqualTo(dataRows));
        Assert.That(Rows(target.Path, Dump), Is.EqualTo(points));
    }

    [Test]
    public void Run_equity_derives_the_drawdown_the_analysis_computed_and_stores_a_point_as_an_integer_time_and_its_equity()
    {
        using var db = new TempDatabase();
        var winner = QueryFiles.BracketWinner(db);
        var loser = QueryFiles.LiveLoser(db);
        foreach (var runId in new[] { winner.RunId, loser.RunId })
        {
            var analysis = RunAnalysisStore.AnalyzeFile(db.Path, runId, time: QueryFiles.Clock).Analysis;
            var computed = EquityStrides.ViewRows(analysis.Equity, analysis.EquityMarks).Select(e => new object?[]
            {
                runId, e.Seq, Timestamps.Format(e.Point.TimeUtc), e.Point.Equity, e.Point.Drawdown, e.Point.DrawdownPct, e.Repeats, e.StepTicks,
            }).ToList();
            Assert.That(computed.Any(r => (double)r[4]! > 0), "the run has a drawdown to derive");
            var stored = Rows(db.Path, Dump).Where(r => Equals(r[0], runId)).Select(r => r.Select(Plain).ToArray()).ToList();
            Assert.That(stored, Is.EqualTo(computed.Select(r => r.Select(Plain).ToArray()).ToList()), $"run {runId}: the view's rows are the analysis' points");
        }

        Assert.That(Db.Query<string>(db.Path, "SELECT name FROM pragma_table_info('equity_data') ORDER BY cid"),
            Is.EqualTo(new[] { "run_key", "seq", "ts", "equity", "repeats", "repeat_step_ticks", "mark_series", "mark_factor" }));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM equity_data WHERE typeof(ts) <> 'integer'"), Is.Zero);
    }

    [Test]
    public void A_schema_17_file_migrates_to_integer_times_and_derived_drawdowns_with_the_same_rows()
    {
        using var db = new TempDatabase();
        QueryFiles.BracketWinner(db);
        QueryFiles.LiveLoser(db);
        var before = Rows(db.Path, Dump);
        var points = Rows(db.Path, "SELECT * FROM v_equity_points ORDER BY run_id, seq");
        QuantowerRecorder.Tests.Team.SchemaSeventeen.Downgrade(db.Path);
        Assert.That(Db.Scalar<long>(db.Path, "PRAGMA user_version"), Is.EqualTo(17));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM pragma_table_info('equity_data') WHERE name IN ('ts_utc', 'drawdown', 'drawdown_pct')"), Is.EqualTo(3),
            "schema 17 stores the time as text and the drawdown");
        // Schema 17 has no money decimals (schema 24): its drawdowns are the unrounded differences of the same points.
        Assert.That(Rows(db.Path, DumpRounded), Is.EqualTo(before), "schema 17's rows");

        DatabaseFile.OpenForWriting(db.Path, TimeProvider.System).Dispose();

        Assert.That(Db.Scalar<long>(db.Path, "PRAGMA user_version"), Is.EqualTo(Migrator.CurrentVersion));
        Assert.That(Rows(db.Path, Dump), Is.EqualTo(before));
        Assert.That(Rows(db.Path, "SELECT * FROM v_equity_points ORDER BY run_id, seq"), Is.EqualTo(points));
        Assert.That(Db.Query<long>(db.Path, "SELECT pct_known FROM equity_runs ORDER BY run_key"),
            Is.EqualTo(Db.Query<long>(db.Path, "SELECT EXISTS (SELECT 1 FROM run_equity e WHERE e.run_id = k.run_id AND e.drawdown_pct IS NOT NULL) FROM equity_runs k ORDER BY run_key")));
    }

    [Test]
    public void A_schema_18_file_migrates_with_the_same_rows_its_points_kept_one_row_each()
    {
        using var db = new TempDatabase();
        QueryFiles.BracketWinner(db);
        QueryFiles.LiveLoser(db);
        var before = Rows(db.Path, Dump);
        var points = Rows(db.Path, "SELECT * FROM v_equity_points ORDER BY run_id, seq");
        QuantowerRecorder.Tests.Team.SchemaEighteen.Downgrade(db.Path);
        Assert.That(Db.Scalar<long>(db.Path, "PRAGMA user_version"), Is.EqualTo(18));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM pragma_table_info('equity_data') WHERE name LIKE 'mark%'"), Is.Zero, "schema 18 has no marked strides");

        DatabaseFile.OpenForWriting(db.Path, TimeProvider.System).Dispose();

        Assert.That(Db.Scalar<long>(db.Path, "PRAGMA user_version"), Is.EqualTo(Migrator.CurrentVersion));
        Assert.That(Rows(db.Path, Dump), Is.EqualTo(before));
        Assert.That(Rows(db.Path, "SELECT * FROM v_equity_points ORDER BY run_id, seq"), Is.EqualTo(points));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM equity_data WHERE mark_series IS NOT NULL"), Is.Zero, "what 18 kept stays as it was");
    }

    // A long read back as a long, whatever width the provider gave it.
    private static object? Plain(object? value) => value switch
    {
        int i => (long)i,
        _ => value,
    };

    // What migration 14 changed, taken back: run_equity a table again with the view's rows.
    private static void MakeVersion13(string path)
    {
        QuantowerRecorder.Tests.Team.SchemaSixteen.Downgrade(path);
        using var connection = SchemaTests.Raw(path);
        connection.Execute("""
            CREATE TABLE run_equity_v13 AS SELECT * FROM run_equity;
            DROP VIEW run_equity; DROP TABLE equity_data; DROP TABLE equity_runs;
            CREATE TABLE run_equity (
              run_id TEXT NOT NULL, seq INTEGER NOT NULL, ts_utc TEXT NOT NULL, equity REAL NOT NULL, drawdown REAL NOT NULL,
              drawdown_pct REAL, repeats INTEGER NOT NULL DEFAULT 0, repeat_step_ticks INTEGER NOT NULL DEFAULT 0,
              PRIMARY KEY(run_id, seq), FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id));
            INSERT INTO run_equity SELECT * FROM run_equity_v13 ORDER BY rowid; DROP TABLE run_equity_v13;
            UPDATE schema_meta SET value = '13' WHERE key = 'schema_version';
            PRAGMA user_version = 13;
            """);
    }

    private static SqliteConnection Writable(string path)
    {
        var connection = SchemaTests.Raw(path);
        connection.Execute("PRAGMA foreign_keys = ON");
        return connection;
    }

    private static List<object?[]> Rows(string path, string sql)
    {
        using var connection = Db.Read(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            rows.Add(row);
        }

        return rows;
    }
}
