using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli.Parquet;

/// <summary>`recorder export --format parquet` and `--all`, read back by DuckDB and compared with the SQLite tables.</summary>
[TestFixture]
public sealed class ParquetExportTests
{
    // A tick past the microsecond and text beyond ASCII: what a Parquet writer loses first.
    internal const string TickTime = "2024-03-04T05:06:07.1234567Z";
    internal const string Tag = "Größe ✓ 止损 — ставка";

    private TempDatabase db = null!;
    private string runId = null!;

    [OneTimeSetUp]
    public void MakeDemo()
    {
        db = DemoFiles.Create();
        runId = Db.Scalar<string>(db.Path,
            "SELECT run_id FROM strategy_runs JOIN strategy_instances USING (instance_id) WHERE symbol = 'BTCUSDT' ORDER BY start_utc, run_id LIMIT 1");
        Mark(db.Path, runId);
    }

    [OneTimeTearDown]
    public void Remove() => db.Dispose();

    /// <summary>One fill and one order of the run get a time with seven fractional digits and a non-ASCII tag.</summary>
    internal static void Mark(string path, string runId)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE executions SET exec_utc = @t WHERE id = (SELECT MIN(id) FROM executions WHERE run_id = @id);
            UPDATE orders SET client_tag = @tag, update_utc = @t WHERE id = (SELECT MIN(id) FROM orders WHERE run_id = @id);
            UPDATE run_trades SET entry_tag = @tag WHERE run_id = @id AND trade_no = (SELECT MIN(trade_no) FROM run_trades WHERE run_id = @id);
            """;
        command.Parameters.AddWithValue("@t", TickTime);
        command.Parameters.AddWithValue("@tag", Tag);
        command.Parameters.AddWithValue("@id", runId);
        command.ExecuteNonQuery();
    }

    internal static readonly Dictionary<string, (string Sqlite, string Order)> Tables = new(StringComparer.Ordinal)
    {
        ["orders"] = ("SELECT * FROM orders WHERE run_id = @id ORDER BY submit_utc, order_id", "submit_utc, order_id"),
        ["executions"] = ("SELECT * FROM executions WHERE run_id = @id ORDER BY exec_utc, execution_id", "exec_utc, execution_id"),
        ["trades"] = ("SELECT * FROM run_trades WHERE run_id = @id ORDER BY is_open, trade_no", "is_open, trade_no"),
        ["bars"] = ("SELECT rs.symbol, rs.timeframe, b.* FROM bars b JOIN run_series rs USING (series_id) WHERE rs.run_id = @id ORDER BY rs.symbol, rs.timeframe, b.ts_utc", "symbol, timeframe, ts_utc"),
        ["equity"] = ("SELECT * FROM run_equity WHERE run_id = @id ORDER BY seq", "seq"),
    };

    [TestCase("orders")]
    [TestCase("executions")]
    [TestCase("trades")]
    [TestCase("bars")]
    [TestCase("equity")]
    public void Parquet_export_reads_back_in_duckdb_equal_to_the_sqlite_rows(string what)
    {
        var file = db.Sibling(what + ".parquet");
        var run = Cli.Run(db.Folder, "export", runId, "--what", what, "--format", "parquet", "-o", file, "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());

        var expected = Duck.Expected(db.Path, what, runId, out var sqliteColumns);
        var actual = Duck.Rows($"SELECT * FROM read_parquet('{file}') ORDER BY {Tables[what].Order}", out var parquetColumns);
        Assert.That(expected, Is.Not.Empty, "the demo run has rows to compare");
        Assert.That(parquetColumns[0], Is.EqualTo("run_id"));
        Assert.That(actual.All(r => (string)r[0]! == runId), Is.True);
        Assert.That(parquetColumns.Where(c => c != "run_id" && c != "currency" && c != "oco_group_id" && c != "oco_role"), Is.SubsetOf(sqliteColumns), "the schema's column names");
        Assert.That(Duck.AssertSame(sqliteColumns, expected, parquetColumns, actual), Is.GreaterThan(expected.Count * 4));
        AssertTypes(file);
    }

    internal static void AssertTypes(string file)
    {
        var types = Duck.Types(file);
        foreach (var (column, type) in types)
        {
            if (column.EndsWith("_utc", StringComparison.Ordinal))
            {
                Assert.That(type, Is.EqualTo("TIMESTAMP_NS"), $"{column} is a nanosecond timestamp, not text");
            }
        }

        Assert.That(types["currency"], Is.EqualTo("VARCHAR"));
        var compression = Duck.Rows($"SELECT DISTINCT compression FROM parquet_metadata('{file}')", out _).Select(r => (string)r[0]!).ToList();
        Assert.That(compression, Is.EqualTo(new[] { "ZSTD" }));
    }

    [Test]
    public void Ticks_non_ascii_text_nulls_and_dictionary_encoded_enumerations_survive()
    {
        var file = db.Sibling("fills-ticks.parquet");
        Assert.That(Cli.Run(db.Folder, "export", runId, "--what", "orders", "--format", "parquet", "-o", file, "--db", db.Path).ExitCode, Is.EqualTo(0));
        Assert.That(Duck.Scalar($"SELECT count(*) FROM read_parquet('{file}') WHERE client_tag = '{Tag}' AND strftime(update_utc, '%Y-%m-%dT%H:%M:%S.%n') = '2024-03-04T05:06:07.123456700'"),
            Is.EqualTo(1L), "the tag and the time to the 100 ns");
        Assert.That(Duck.Scalar($"SELECT count(*) FROM read_parquet('{file}') WHERE stop_price IS NULL"),
            Is.EqualTo(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM orders WHERE run_id = @id AND stop_price IS NULL", new { id = runId })));
        var encodings = Duck.Rows($"SELECT encodings FROM parquet_metadata('{file}') WHERE path_in_schema = 'side'", out _).Select(r => (string)r[0]!).ToList();
        Assert.That(encodings, Is.Not.Empty);
        Assert.That(encodings, Has.All.Contains("DICTIONARY"), "side is dictionary-encoded");
    }

    [Test]
    public void Several_runs_go_into_one_file_each_row_led_by_its_run()
    {
        var ids = Db.Query<string>(db.Path, "SELECT run_id FROM strategy_runs ORDER BY run_id");
        var file = db.Sibling("all-fills.parquet");
        var run = Cli.Run(db.Folder, ["export", .. ids, "--what", "executions", "--format", "parquet", "-o", file, "--db", db.Path]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var counts = Duck.Rows($"SELECT run_id, count(*) FROM read_parquet('{file}') GROUP BY run_id ORDER BY run_id", out _);
        var expected = Db.Query<(string, long)>(db.Path, "SELECT r.run_id, (SELECT COUNT(*) FROM executions e WHERE e.run_id = r.run_id) FROM strategy_runs r ORDER BY r.run_id")
            .Where(x => x.Item2 > 0).ToList();
        Assert.That(counts.Select(r => ((string)r[0]!, (long)r[1]!)), Is.EqualTo(expected));
    }

    [Test]
    public void All_writes_a_hive_dataset_per_table_that_duckdb_reads_as_one_table()
    {
        var folder = db.Sibling("dataset");
        var run = Cli.Run(db.Folder, "export", "--all", "--format", "parquet", "-o", folder, "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        var ids = Db.Query<string>(db.Path, "SELECT run_id FROM strategy_runs ORDER BY run_id");
        foreach (var table in Tables.Keys)
        {
            Assert.That(Directory.GetDirectories(Path.Combine(folder, table)).Select(Path.GetFileName).Order(StringComparer.Ordinal),
                Is.EqualTo(ids.Select(i => "run_id=" + i)), table);
        }

        var glob = Path.Combine(folder, "executions", "*", "*.parquet");
        var counts = Duck.Rows($"SELECT run_id, count(*) FROM read_parquet('{glob}', hive_partitioning = true) GROUP BY run_id ORDER BY run_id", out _);
        var expected = Db.Query<(string, long)>(db.Path, "SELECT run_id, COUNT(*) FROM executions GROUP BY run_id ORDER BY run_id");
        Assert.That(counts.Select(r => ((string)r[0]!, (long)r[1]!)), Is.EqualTo(expected));

        var sqlite = Duck.Sqlite(db.Path, Tables["orders"].Sqlite, runId, out var sqliteColumns);
        var parquet = Duck.Rows($"SELECT * FROM read_parquet('{Path.Combine(folder, "orders", "*", "*.parquet")}', hive_partitioning = true) WHERE run_id = '{runId}' ORDER BY {Tables["orders"].Order}", out var columns);
        Duck.AssertSame(sqliteColumns, sqlite, columns, parquet);
    }

    [Test]
    public void Bad_input_is_a_clear_error()
    {
        var unknown = Cli.Run(db.Folder, "export", "zzzz-no-such-run", "--what", "orders", "--format", "parquet", "-o", db.Sibling("x.parquet"), "--db", db.Path);
        Assert.That(unknown.ExitCode, Is.Not.EqualTo(0));
        Assert.That(unknown.Error, Does.Contain("zzzz-no-such-run"));
        Assert.That(File.Exists(db.Sibling("x.parquet")), Is.False);

        var noFile = Cli.Run(db.Folder, "export", runId, "--what", "orders", "--format", "parquet", "--db", db.Path);
        Assert.That(noFile.ExitCode, Is.EqualTo(2));
        Assert.That(noFile.Error, Does.Contain("-o FILE"));

        var busy = db.Sibling("busy");
        Directory.CreateDirectory(busy);
        File.WriteAllText(Path.Combine(busy, "notes.txt"), "mine");
        var taken = Cli.Run(db.Folder, "export", "--all", "--format", "parquet", "-o", busy, "--db", db.Path);
        Assert.That(taken.ExitCode, Is.EqualTo(2));
        Assert.That(taken.Error, Does.Contain("already exists with other files"));
        Assert.That(Directory.GetFileSystemEntries(busy), Has.Length.EqualTo(1));
    }
}
