using System.Text.Json;
using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Cli;
using QuantowerRecorder.Cli.Analysis;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>analyze, verify, replay and prune: the commands that are meant to change or check a file.</summary>
[TestFixture]
public sealed class MaintenanceCommandTests
{
    private static void Sql(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Test]
    public void Analyze_all_rebuilds_derived_tables_that_were_dropped()
    {
        using var db = DemoFiles.Create();
        var trades = Db.Dump(db.Path, "run_trades", "run_id, trade_no");
        var metrics = Db.Dump(db.Path, "run_metrics_kv", "run_id, key");
        Sql(db.Path, "DELETE FROM run_trades; DELETE FROM equity_data; DELETE FROM run_metrics_kv; DELETE FROM run_order_quality;");

        var run = Cli.Run(db.Folder, "analyze", "--all", "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Out, Does.Contain("Analysed 32 run(s)"));
        Assert.That(Db.Dump(db.Path, "run_trades", "run_id, trade_no"), Is.EqualTo(trades));
        Assert.That(Db.Dump(db.Path, "run_metrics_kv", "run_id, key"), Is.EqualTo(metrics));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(DISTINCT run_id) FROM run_order_quality"), Is.EqualTo(32));
    }

    [Test]
    public void Analyze_goes_through_the_analysis_seam_once_per_run()
    {
        using var db = DemoFiles.Create();
        var fake = new CountingAnalysis();
        var runId = Db.Scalar<string>(db.Path, "SELECT run_id FROM strategy_runs LIMIT 1");
        var run = Cli.Run(db.Folder, env => env with { Analysis = fake }, "analyze", runId[..20], "--db", db.Path, "--json");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(fake.RunIds, Is.EqualTo(new[] { runId }));
        using var json = JsonDocument.Parse(run.Out);
        Assert.That(json.RootElement[0].GetProperty("trade_count").GetInt32(),
            Is.EqualTo(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM run_trades WHERE run_id = @runId AND is_open = 0", new { runId })));
    }

    [Test]
    public void Analyze_needs_a_run_or_all()
    {
        using var db = DemoFiles.Create();
        var run = Cli.Run(db.Folder, "analyze", "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("--all"));
    }

    [Test]
    public void Verify_says_a_demo_database_is_healthy()
    {
        using var db = DemoFiles.Create();
        var run = Cli.Run(db.Folder, "verify", "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Out, Does.Contain("integrity_check: ok").And.Contain($"schema version {QuantowerRecorder.Storage.Sqlite.Migrator.CurrentVersion}").And.Contain("is healthy"));
    }

    [Test]
    public void Verify_finds_a_run_left_running_and_fix_marks_it_abandoned()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        using (var session = RecorderSession.Open(db.Path))
        {
            foreach (var e in s.Start())
            {
                session.Record(e);
            }
        }

        CrashLeftovers.LeaveRunLock(db.Path, s.RunId);
        var check = Cli.Run(db.Folder, "verify", "--db", db.Path, "--json");
        Assert.That(check.ExitCode, Is.EqualTo(1), check.ToString());
        Assert.That(check.Out, Does.Contain(s.RunId).And.Contain("--fix"));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT status FROM strategy_runs"), Is.EqualTo("RUNNING"), "verify alone changes nothing");

        // One writer for both streams, as a terminal shows them: the checks and the run come before the question.
        using var screen = new StringWriter();
        var declined = CliApp.Run(["verify", "--db", db.Path], new CliEnvironment
        {
            Out = screen, Error = screen, In = new StringReader("n\n"), CanPrompt = true, CurrentDirectory = db.Folder,
            PluginDatabase = db.Sibling("none.db"),
        });
        var text = screen.ToString();
        Assert.That(declined, Is.EqualTo(1), text);
        var question = text.IndexOf("Mark these 1 run(s) ABANDONED?", StringComparison.Ordinal);
        Assert.That(question, Is.GreaterThan(0), text);
        Assert.That(text.IndexOf("running runs", StringComparison.Ordinal), Is.InRange(0, question), "the checks come first");
        Assert.That(text.IndexOf(s.RunId, StringComparison.Ordinal), Is.InRange(0, question), "the run that would be marked comes first");
        Assert.That(Db.Scalar<string>(db.Path, "SELECT status FROM strategy_runs"), Is.EqualTo("RUNNING"));

        var fix = Cli.Run(db.Folder, "verify", "--fix", "--db", db.Path);
        Assert.That(fix.ExitCode, Is.EqualTo(0), fix.ToString());
        Assert.That(fix.Out, Does.Contain("Marked 1 run(s) ABANDONED").And.Contain("is healthy"));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT status FROM strategy_runs"), Is.EqualTo("ABANDONED"));
    }

    [Test]
    public void Verify_reports_orphaned_rows_as_unhealthy()
    {
        using var db = DemoFiles.Create();
        Sql(db.Path, "PRAGMA foreign_keys = OFF; INSERT INTO run_metrics_kv (run_id, key, value) VALUES ('no-such-run', 'net_pnl', 1);");
        var run = Cli.Run(db.Folder, "verify", "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Out, Does.Contain("run_metrics_kv").And.Contain("ERROR"));
    }

    [Test]
    public void Replay_of_a_demo_rebuilds_identical_tables_into_a_new_file()
    {
        using var db = DemoFiles.Create();
        var run = Cli.Run(db.Folder, "replay", "--db", db.Path, "-o", "rebuilt.db");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Out, Does.Contain("identical"));
        Assert.That(Db.Scalar<long>(db.Sibling("rebuilt.db"), "SELECT COUNT(*) FROM bars"), Is.EqualTo(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars")));
        var again = Cli.Run(db.Folder, "replay", "--db", db.Path, "-o", "rebuilt.db");
        Assert.That(again.ExitCode, Is.EqualTo(2));
        Assert.That(again.Error, Does.Contain("already exists"));
    }

    [Test]
    public void Replay_reports_rows_that_differ_from_the_event_log()
    {
        using var db = DemoFiles.Create();
        // A bar's values live only in the bar tables (the raw log names the stretch): replay reads them there, so only
        // what the raw log holds itself can differ.
        Sql(db.Path, "UPDATE orders SET quantity = quantity + 1 WHERE id = 10; DELETE FROM executions WHERE id = 3;");
        var run = Cli.Run(db.Folder, "replay", "--db", db.Path, "--json");
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        Assert.That(json.RootElement.GetProperty("identical").GetBoolean(), Is.False);
        var tables = json.RootElement.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("table").GetString()!);
        Assert.That(tables["orders"].GetProperty("changed").GetArrayLength(), Is.EqualTo(1));
        Assert.That(tables["orders"].GetProperty("changed")[0].GetString(), Does.Contain("quantity="));
        Assert.That(tables["executions"].GetProperty("only_in_rebuilt").GetArrayLength(), Is.EqualTo(1));
        Assert.That(tables["bars"].GetProperty("changed").GetArrayLength(), Is.EqualTo(0));
    }

    [Test]
    public void Prune_is_a_dry_run_unless_told_yes()
    {
        using var db = DemoFiles.Create();
        var run = Cli.Run(db.Folder, "prune", "--keep", "2", "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Out, Does.Contain("Dry run: nothing was deleted").And.Contain($"bars {(3 * 2064) + (2 * 720) + (25 * 2064)}"));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_runs"), Is.EqualTo(32));
    }

    [Test]
    public void Prune_keep_with_yes_deletes_older_runs_and_their_rows_in_every_table()
    {
        using var db = DemoFiles.Create();
        var kept = Db.Query<string>(db.Path, "SELECT run_id FROM strategy_runs ORDER BY start_utc DESC, run_id DESC LIMIT 2");
        var run = Cli.Run(db.Folder, "prune", "--keep", "2", "--yes", "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Out, Does.Contain("Deleted 30 run(s)"));
        Assert.That(Db.Query<string>(db.Path, "SELECT run_id FROM strategy_runs ORDER BY start_utc DESC, run_id DESC"), Is.EqualTo(kept));
        foreach (var table in Db.Query<string>(db.Path,
                     "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name = 'run_id'"))
        {
            Assert.That(Db.Scalar<long>(db.Path, $"SELECT COUNT(*) FROM {table} WHERE run_id NOT IN (SELECT run_id FROM strategy_runs)"), Is.EqualTo(0), table);
        }

        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars"), Is.EqualTo(2 * 720));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_instances"), Is.EqualTo(2));
        Assert.That(Cli.Run(db.Folder, "verify", "--db", db.Path).ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void Prune_older_than_asks_for_confirmation_and_deletes_only_when_confirmed()
    {
        using var db = DemoFiles.Create();
        var no = Cli.Run(db.Folder, env => env with { CanPrompt = true, In = new StringReader("n\n") }, "prune", "--older-than", "2026-03-01", "--db", db.Path);
        Assert.That(no.Error, Does.Contain("Delete these 28 run(s)"));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_runs"), Is.EqualTo(32));
        var yes = Cli.Run(db.Folder, env => env with { CanPrompt = true, In = new StringReader("y\n") }, "prune", "--older-than", "2026-03-01", "--db", db.Path);
        Assert.That(yes.ExitCode, Is.EqualTo(0), yes.ToString());
        // Left: April's runs (three paper runs and the backtest over the same period).
        Assert.That(Db.Query<(string, string)>(db.Path, "SELECT run_type, substr(MIN(start_utc), 1, 7) FROM strategy_runs GROUP BY 1 ORDER BY 1"),
            Is.EqualTo(new[] { ("BACKTEST", "2026-03"), ("PAPER", "2026-03") }));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_runs"), Is.EqualTo(4));
    }

    [Test]
    public void Prune_needs_to_be_told_what_to_delete()
    {
        using var db = DemoFiles.Create();
        var run = Cli.Run(db.Folder, "prune", "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("--keep N").And.Contain("--older-than"));
    }

    private sealed class CountingAnalysis : IRunAnalysisService
    {
        private readonly StoredRunAnalysis real = new(TimeProvider.System);

        public List<string> RunIds { get; } = [];

        public AnalysisSummary Analyze(SqliteConnection writable, string runId, bool trialFigures)
        {
            RunIds.Add(runId);
            return real.Analyze(writable, runId, trialFigures);
        }

        public void StoreTrialFigures(SqliteConnection writable, IReadOnlyCollection<string> runIds) => real.StoreTrialFigures(writable, runIds);
    }
}
