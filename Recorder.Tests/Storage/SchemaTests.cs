using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

[TestFixture]
public sealed class SchemaTests
{
    private static readonly string[] DesignTables =
    [
        "strategies", "strategy_instances", "strategy_runs", "orders", "executions", "order_oco_groups",
        "order_oco_links", "run_series", "bars", "ingest_events", "run_metrics_kv",
    ];

    [Test]
    public void Fresh_file_is_created_at_the_current_version_in_WAL_mode_with_foreign_keys_on()
    {
        using var db = new TempDatabase();
        using var connection = DatabaseFile.OpenForWriting(db.Path, TimeProvider.System);
        Assert.That(connection.ExecuteScalar<long>("PRAGMA user_version"), Is.EqualTo(Migrator.CurrentVersion));
        Assert.That(connection.ExecuteScalar<string>("PRAGMA journal_mode"), Is.EqualTo("wal"));
        Assert.That(connection.ExecuteScalar<long>("PRAGMA foreign_keys"), Is.EqualTo(1));
        Assert.That(connection.ExecuteScalar<long>("PRAGMA synchronous"), Is.EqualTo(1), "NORMAL");
        Assert.That(connection.ExecuteScalar<string>("SELECT value FROM schema_meta WHERE key = 'schema_version'"),
            Is.EqualTo(Migrator.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void Fresh_file_has_every_table_and_column_of_the_v2_design_with_names_unchanged()
    {
        using var db = new TempDatabase();
        using var design = new TempDatabase();
        DatabaseFile.OpenForWriting(db.Path, TimeProvider.System).Dispose();
        CreateVersion1(design.Path);
        foreach (var table in DesignTables)
        {
            var expected = Columns(design.Path, table, raw: true);
            var actual = Columns(db.Path, table, raw: false);
            if (table == "bars")
            {
                // A view since schema 9, over the bars stored by market and time since 17 (docs/decisions.md 14): the
                // design's columns but its row id, which no stored bar has (a bar is one row for every series that saw
                // it); ts_utc is computed, so SQLite gives it no declared type.
                var designColumns = expected.Where(c => !c.StartsWith("id ", StringComparison.Ordinal)).ToList();
                Assert.That(actual.Select(Name), Is.EqualTo(designColumns.Select(Name)), "columns of the view bars");
                Assert.That(actual.Select(NameAndType).Where(c => !c.StartsWith("ts_utc", StringComparison.Ordinal)),
                    Is.EqualTo(designColumns.Select(NameAndType).Where(c => !c.StartsWith("ts_utc", StringComparison.Ordinal))), "types of the view bars");
                continue;
            }

            Assert.That(actual.Take(expected.Count), Is.EqualTo(expected), $"columns of {table}");
        }
    }

    [Test]
    public void Version_1_file_is_upgraded_in_place_and_its_data_survives()
    {
        using var db = new TempDatabase();
        CreateVersion1(db.Path);
        using (var v1 = Raw(db.Path))
        {
            v1.Execute("""
                INSERT INTO strategies VALUES ('S','Trend','1','me',NULL,'2025-01-01T00:00:00.0000000Z',NULL);
                INSERT INTO strategy_instances VALUES ('I','S','a','{"p":1}','ES',NULL,'1m','ACC',NULL,'2025-01-01T00:00:00.0000000Z');
                INSERT INTO strategy_runs VALUES ('R','I','BACKTEST','2025-01-01T00:00:00.0000000Z',NULL,'COMPLETED',NULL,NULL,1000,'USD',NULL,'2025-01-01T00:00:00.0000000Z');
                INSERT INTO orders(run_id, order_id, symbol, account_id, side, order_type, quantity, status, submit_utc)
                  VALUES ('R','O1','ES','ACC','BUY','MARKET',2,'FILLED','2025-01-01T00:00:01.0000000Z');
                INSERT INTO executions(run_id, execution_id, order_id, exec_utc, price, quantity)
                  VALUES ('R','X1','O1','2025-01-01T00:00:02.0000000Z',5000.25,2);
                INSERT INTO ingest_events(run_id, event_type, event_utc, payload_json, received_utc)
                  VALUES ('R','order','2025-01-01T00:00:01.0000000Z','{}','2025-01-01T00:00:01.0000000Z'),
                         ('R','execution','2025-01-01T00:00:02.0000000Z','{}','2025-01-01T00:00:02.0000000Z');
                """);
        }

        using (var upgraded = DatabaseFile.OpenForWriting(db.Path, TimeProvider.System))
        {
            Assert.That(upgraded.ExecuteScalar<long>("PRAGMA user_version"), Is.EqualTo(Migrator.CurrentVersion));
        }

        Assert.That(Db.Scalar<double>(db.Path, "SELECT price FROM executions WHERE execution_id = 'X1'"), Is.EqualTo(5000.25));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT status FROM strategy_runs WHERE run_id = 'R'"), Is.EqualTo("COMPLETED"));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT parameters_json FROM strategy_instances"), Is.EqualTo("{\"p\":1}"));
        // Backfills: what version 1 rows already told.
        Assert.That(Db.Scalar<string>(db.Path, "SELECT side FROM executions WHERE execution_id = 'X1'"), Is.EqualTo("BUY"));
        Assert.That(Db.Query<long>(db.Path, "SELECT sequence FROM ingest_events ORDER BY id"), Is.EqualTo(new long[] { 1, 2 }));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT DISTINCT source FROM ingest_events"), Is.EqualTo("BACKTEST"));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT strategy_id FROM ingest_events LIMIT 1"), Is.EqualTo("S"));
        // Rows written before version 8 keep their own ids, and v_events shows them.
        Assert.That(Db.Query<string>(db.Path, "SELECT strategy_id FROM v_events ORDER BY id"), Is.EqualTo(new[] { "S", "S" }));
    }

    [Test]
    public void Migrated_file_has_exactly_the_structure_of_schema_sql()
    {
        using var fresh = new TempDatabase();
        using var migrated = new TempDatabase();
        DatabaseFile.OpenForWriting(fresh.Path, TimeProvider.System).Dispose();
        CreateVersion1(migrated.Path);
        DatabaseFile.OpenForWriting(migrated.Path, TimeProvider.System).Dispose();
        Assert.That(Structure(migrated.Path), Is.EqualTo(Structure(fresh.Path)));
    }

    [Test]
    public void Newer_file_is_refused_with_a_clear_message_and_left_untouched()
    {
        using var db = new TempDatabase();
        DatabaseFile.OpenForWriting(db.Path, TimeProvider.System).Dispose();
        using (var raw = Raw(db.Path))
        {
            raw.Execute($"PRAGMA user_version = {Migrator.CurrentVersion + 1}");
        }

        var before = File.ReadAllBytes(db.Path);
        var error = Assert.Throws<RecorderDatabaseException>(() => RecorderSession.Open(db.Path));
        Assert.That(error!.Problem, Is.EqualTo(DatabaseProblem.SchemaTooNew));
        Assert.That(error.Message, Does.Contain("newer than this recorder").And.Contain("Update QuantowerRecorder"));
        Assert.Throws<RecorderDatabaseException>(() => DatabaseFile.OpenForReading(db.Path));
        Assert.That(File.ReadAllBytes(db.Path), Is.EqualTo(before));
    }

    [Test]
    public void Two_processes_opening_a_fresh_file_at_once_do_not_race_the_migration()
    {
        for (var attempt = 0; attempt < 4; attempt++)
        {
            using var db = new TempDatabase();
            var children = Enumerable.Range(0, 3).Select(_ => ChildProcess.Start("open", "--db", db.Path)).ToList();
            foreach (var child in children)
            {
                var output = ChildProcess.WaitForExit(child, TimeSpan.FromSeconds(60));
                Assert.That(child.ExitCode, Is.EqualTo(0), output);
                Assert.That(output, Does.Contain("OPENED"));
            }

            Assert.That(Db.Scalar<long>(db.Path, "PRAGMA user_version"), Is.EqualTo(Migrator.CurrentVersion));
            Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'strategies'"), Is.EqualTo(1));
            Assert.That(Db.Scalar<string>(db.Path, "PRAGMA integrity_check"), Is.EqualTo("ok"));
        }
    }

    internal static void CreateVersion1(string path)
    {
        using var connection = Raw(path);
        connection.Execute(Migrator.ReadResource("QuantowerRecorder.Storage.Migrations.001_v2_design.sql"));
    }

    private static string NameAndType(string column) => string.Join(' ', column.Split(' ').Take(2));

    private static string Name(string column) => column.Split(' ')[0];

    internal static SqliteConnection Raw(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static List<string> Columns(string path, string table, bool raw)
    {
        using var connection = raw ? Raw(path) : Db.Read(path);
        return connection.Query<(long Cid, string Name, string Type, long NotNull, string? Default, long Pk)>(
            $"PRAGMA table_info({table})").Select(c => $"{c.Name} {c.Type} notnull={c.NotNull} default={c.Default} pk={c.Pk}").ToList();
    }

    private static List<string> Structure(string path)
    {
        using var connection = Raw(path);
        var lines = new List<string>();
        foreach (var (type, name) in connection.Query<(string, string)>(
            "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"))
        {
            lines.Add($"{type} {name}");
            if (type == "view")
            {
                lines.AddRange(connection.Query<(long, string, string, long, string?, long)>($"PRAGMA table_info({name})")
                    .Select(c => $"  col {c.Item2}"));
            }

            if (type == "table")
            {
                // How SQLite keeps it too: a table without rowid is its key (equity_data, the bars' tables).
                lines.Add($"  without rowid {connection.ExecuteScalar<long>($"SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = '{name}'")}");
                lines.AddRange(connection.Query<(long, string, string, long, string?, long)>($"PRAGMA table_info({name})")
                    .Select(c => $"  col {c.Item2} {c.Item3} nn={c.Item4} def={c.Item5} pk={c.Item6}"));
                lines.AddRange(connection.Query<(long, long, string, string, string?)>(
                    $"SELECT id, seq, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list('{name}')")
                    .Select(f => $"  fk {f.Item3} {f.Item4}->{f.Item5}"));
                lines.AddRange(connection.Query<(long, string, long)>($"SELECT seq, name, \"unique\" FROM pragma_index_list('{name}')")
                    .Select(i => i.Item2).Order(StringComparer.Ordinal)
                    .Select(index => $"  index {index} " + string.Join(",", connection.Query<string>(
                        $"SELECT name FROM pragma_index_info('{index}') ORDER BY seqno"))));
            }
        }

        return lines;
    }
}
