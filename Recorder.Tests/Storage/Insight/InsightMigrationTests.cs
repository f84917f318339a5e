using Dapper;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage.Insight;

/// <summary>A file of schema version 5 (before stored insight) is upgraded in place and its runs analysed with insight.</summary>
[TestFixture]
public sealed class InsightMigrationTests
{
    private static readonly string[] Version6Objects =
        ["v_pnl_by_entry_delta", "v_bracket_outcomes", "v_instance_shortfall", "idx_decisions_order", "order_decisions", "run_order_shortfall", "run_trade_context"];

    [Test]
    public void A_version_5_file_with_a_recorded_run_is_upgraded_keeps_its_rows_and_gets_the_runs_insight()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Backtest);
        Recorded.Write(db.Path, s.Start().Concat<RecorderEvent>(
        [
            s.Bar(0, 5000),
            s.Order("E", Side.Buy, 1, "FILLED", at: 65, filled: 1),
            s.Fill("E1", "E", Side.Buy, 1, price: 5001, at: 66),
            s.Bar(1, 5004),
            s.Order("X", Side.Sell, 1, "FILLED", at: 130, filled: 1),
            s.Fill("X1", "X", Side.Sell, 1, price: 5003, at: 131),
            s.End(at: 200),
        ]), new QuantowerRecorder.Storage.Writing.RecorderOptions { LiveAnalysisInterval = null });
        // Recorded as a version-5 recorder did: no analysis at the session's close (that came with version 20).
        MakeVersion5(db.Path);
        using var scripted = new TempDatabase("v5.db");
        ScriptedVersion5(scripted.Path);
        Assert.That(Structure(db.Path), Is.EqualTo(Structure(scripted.Path)), "the file is exactly what version 5 was");
        var orders = Db.Dump(db.Path, "orders", "order_id");

        RunAnalysisStore.AnalyzeFile(db.Path, s.RunId, time: TimeProvider.System);

        Assert.That(Db.Scalar<long>(db.Path, "PRAGMA user_version"), Is.EqualTo(RecorderStore.CurrentSchemaVersion), "upgraded to the current version");
        Assert.That(Db.Scalar<string>(db.Path, "SELECT value FROM schema_meta WHERE key = 'schema_version'"), Is.EqualTo(RecorderStore.CurrentSchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(Db.Dump(db.Path, "orders", "order_id"), Is.EqualTo(orders), "recorded rows are untouched");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM order_decisions"), Is.EqualTo(0));
        var rows = Db.Query<(string Order, long HasDecision, double? Delay, double? Execution)>(db.Path,
            "SELECT order_id, has_decision, delay, execution FROM run_order_shortfall ORDER BY order_id");
        // No decision marks were recorded before: every delay is unknown; execution (5001 − 5000) × 1 and −(5003 − 5004) × 1.
        Assert.That(rows, Is.EqualTo(new[] { ("E", 0L, (double?)null, (double?)1), ("X", 0L, (double?)null, (double?)1) }));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_trade_context"), Is.EqualTo(1));
    }

    // What migrations 006 to 16 add, taken away again: the file a version-5 recorder made of the same events (bars a
    // table again with the view's rows, no study, artifact or journal tables, run_equity a table without the two columns of 11).
    private static void MakeVersion5(string path)
    {
        QuantowerRecorder.Tests.Team.SchemaSixteen.Downgrade(path);
        using var connection = SchemaTests.Raw(path);
        Assert.That(connection.ExecuteScalar<long>("SELECT COUNT(*) FROM run_equity"), Is.EqualTo(0), "not analysed yet: no curve rows to fold or lose");
        connection.Execute("""
            CREATE TABLE bars_v5 AS SELECT id, series_id, ts_utc, open, high, low, close, volume, volumetric_json FROM bars;
            DROP VIEW bars; DROP TABLE bar_shares; DROP TABLE bar_data;
            CREATE TABLE bars (
              id INTEGER PRIMARY KEY AUTOINCREMENT, series_id TEXT NOT NULL, ts_utc TEXT NOT NULL, open REAL NOT NULL,
              high REAL NOT NULL, low REAL NOT NULL, close REAL NOT NULL, volume REAL, volumetric_json TEXT,
              UNIQUE(series_id, ts_utc), FOREIGN KEY(series_id) REFERENCES run_series(series_id));
            INSERT INTO bars SELECT * FROM bars_v5 ORDER BY id; DROP TABLE bars_v5;
            DROP TABLE study_runs; DROP TABLE studies; DROP TABLE run_artifacts;
            DROP VIEW run_equity; DROP TABLE equity_data; DROP TABLE equity_runs;
            CREATE TABLE run_equity (
              run_id TEXT NOT NULL, seq INTEGER NOT NULL, ts_utc TEXT NOT NULL, equity REAL NOT NULL, drawdown REAL NOT NULL,
              drawdown_pct REAL, PRIMARY KEY(run_id, seq), FOREIGN KEY(run_id) REFERENCES strategy_runs(run_id));
            DROP VIEW v_pnl_by_entry_delta; DROP VIEW v_bracket_outcomes; DROP VIEW v_instance_shortfall;
            DROP TABLE order_decisions; DROP TABLE run_order_shortfall; DROP TABLE run_trade_context;
            DROP VIEW v_journal_tags; DROP VIEW v_journal_pins; DROP TABLE journal_entries;
            UPDATE schema_meta SET value = '5' WHERE key = 'schema_version';
            PRAGMA user_version = 5;
            """);
    }

    private static void ScriptedVersion5(string path)
    {
        SchemaTests.CreateVersion1(path);
        using (var connection = SchemaTests.Raw(path))
        {
            foreach (var script in new[] { "002_additions.sql", "003_derived_analytics.sql", "004_instruments.sql", "005_smaller_files.sql" })
            {
                connection.Execute(Migrator.ReadResource("QuantowerRecorder.Storage.Migrations." + script));
            }
        }
    }

    private static List<string> Structure(string path)
    {
        using var connection = SchemaTests.Raw(path);
        var names = connection.Query<string>("SELECT type || ' ' || name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY 1").ToList();
        Assert.That(names.Any(n => Version6Objects.Any(o => n.EndsWith(" " + o, StringComparison.Ordinal))), Is.False);
        return names;
    }
}
