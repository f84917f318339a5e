using System.Text.Json;
using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Cli;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Tests.Support;
using TradingPlatform.BusinessLayer;
using TradingPlatform.BusinessLayer.StandIn;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>What a trader meets first: the default file, the hints, the errors, and files left alone.</summary>
public sealed class TraderPathTests
{
    [Test]
    [NonParallelizable] // discovers the plugin's strategy on the stand-in platform, whose Core.Instance is one per process
    public void The_CLI_falls_back_to_where_the_plugin_writes_by_default()
    {
        var expected = Path.Combine("QuantowerRecorder", "quantower-runs.db");
        Assert.That(DefaultDatabase.Path, Does.EndWith(Path.DirectorySeparatorChar + expected));
        Assert.That(new CliEnvironment { Out = TextWriter.Null, Error = TextWriter.Null }.PluginDatabase, Is.EqualTo(DefaultDatabase.Path));
        var recorder = StandInStrategies.Discover<QuantowerRecorder.Plugin.RunRecorderStrategy>();
        Assert.That(recorder.Settings.GetItemByName("Database file").Value, Is.EqualTo(DefaultDatabase.Path), "the plugin's default file input");
    }

    [Test]
    public void With_nothing_named_and_no_recorder_db_here_the_plugins_database_is_opened_and_named()
    {
        using var demo = DemoFiles.Create();
        using var elsewhere = new TempDatabase();
        var plugin = Path.Combine(elsewhere.Folder, "documents", "QuantowerRecorder", "quantower-runs.db");
        Directory.CreateDirectory(Path.GetDirectoryName(plugin)!);
        File.Copy(demo.Path, plugin);

        var run = Cli.Run(elsewhere.Folder, env => env with { PluginDatabase = plugin }, "runs", "--json");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Error, Does.Contain("Using the Quantower plugin's database " + plugin));
        using var json = JsonDocument.Parse(run.Out);
        Assert.That(json.RootElement.GetArrayLength(), Is.EqualTo(32));
    }

    [Test]
    public void When_no_file_is_found_the_error_says_where_the_plugin_writes()
    {
        using var folder = new TempDatabase();
        var run = Cli.Run(folder.Folder, "runs");
        Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
        Assert.That(run.Error, Does.Contain("No such database file")
            .And.Contain(Path.Combine("documents", "QuantowerRecorder", "quantower-runs.db")).And.Contain("--db").And.Contain("recorder demo"));
    }

    [Test]
    public void Every_next_step_the_demo_prints_works_as_printed()
    {
        using var folder = new TempDatabase();
        // The real program, as a trader runs it (and apart from this process's stand-in platform, which other fixtures
        // drive): the run's `recorder demo` (SharedDemo.Program), everything it left in its folder copied here.
        var demo = SharedDemo.Program.CopyTo(folder.Folder);
        Assert.That(demo.ExitCode, Is.EqualTo(0), demo.ToString());
        var hints = demo.Out.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("  recorder ", StringComparison.Ordinal)).ToList();
        Assert.That(hints, Has.Count.GreaterThanOrEqualTo(6));
        foreach (var hint in hints)
        {
            var run = Cli.Run(folder.Folder, Words(hint.Trim())[1..]);
            Assert.That(run.ExitCode, Is.EqualTo(0), hint + "\n" + run);
        }
    }

    [Test]
    public void An_ambiguous_prefix_lists_each_run_with_its_type_instance_and_start()
    {
        using var db = DemoFiles.Create();
        // "019d": April's four runs (the single runs and the optimisation's passes of January start "019b").
        var run = Cli.Run(db.Folder, "show", "019d", "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("matches 4 runs").And.Contain("BACKTEST").And.Contain("PAPER")
            .And.Contain("Medium 10/30").And.Contain("started 2026-03-31"));
    }

    [Test]
    public void Compare_takes_part_of_an_instance_name_in_any_case_as_runs_does()
    {
        using var db = DemoFiles.Create();
        var run = Cli.Run(db.Folder, "compare", "fast", "SLOW", "--db", db.Path, "--json");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        Assert.That(json.RootElement.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("label").GetString()),
            Is.EqualTo(new[] { "Fast 5/20 backtest (1 run)", "Fast 5/20 forward (1 run)", "Slow 20/60 backtest (1 run)", "Slow 20/60 forward (1 run)" }));
        var ambiguous = Cli.Run(db.Folder, "compare", "/", "--db", db.Path);
        Assert.That(ambiguous.ExitCode, Is.EqualTo(2));
        Assert.That(ambiguous.Error, Does.Contain("part of 28 instance names"));
    }

    [Test]
    public void Demo_exits_3_and_keeps_the_file_when_another_program_is_writing_it()
    {
        using var db = DemoFiles.Create();
        using (var holder = new SqliteConnection($"Data Source={db.Path};Pooling=False"))
        {
            holder.Open();
            using var begin = holder.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE; UPDATE schema_meta SET value = 'someone else' WHERE key = 'created_by';";
            begin.ExecuteNonQuery();

            var run = Cli.Run(db.Folder, "demo", "--db", db.Path);
            Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
            Assert.That(run.Error, Does.Contain("locked").And.Contain("did not replace it"));

            using var commit = holder.CreateCommand();
            commit.CommandText = "COMMIT;";
            commit.ExecuteNonQuery();
        }

        Assert.That(Db.Scalar<string>(db.Path, "SELECT value FROM schema_meta WHERE key = 'created_by'"), Is.EqualTo("someone else"),
            "the other program's write survived");
    }

    [Test]
    public void Importing_a_file_with_no_valid_line_creates_no_database()
    {
        using var folder = new TempDatabase();
        File.WriteAllLines(folder.Sibling("bad.jsonl"), ["not json", "{\"x\": 1}"]);
        var run = Cli.Run(folder.Folder, "import", "bad.jsonl", "--db", "new.db");
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Error, Does.Contain("No valid event").And.Contain("no database was created").And.Contain("line 1"));
        Assert.That(Directory.GetFileSystemEntries(folder.Folder).Select(Path.GetFileName), Is.EquivalentTo(new[] { "bad.jsonl" }));
    }

    [Test]
    public void Read_only_commands_leave_no_wal_shm_or_runs_folder_behind()
    {
        using var db = DemoFiles.Create();
        var runId = Db.Scalar<string>(db.Path, "SELECT run_id FROM strategy_runs LIMIT 1");
        Assert.That(Leftovers(db), Is.Empty, "the demo itself");
        foreach (var args in new[] { new[] { "runs" }, ["show", runId], ["trades", runId], ["verify"], ["strategies"], ["bars", runId] })
        {
            var run = Cli.Run(db.Folder, [.. args, "--db", db.Path]);
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(Leftovers(db), Is.Empty, string.Join(" ", args));
        }
    }

    [Test]
    public void A_read_only_command_cannot_write_through_its_connection()
    {
        using var db = DemoFiles.Create();
        using var connection = QuantowerRecorder.Storage.Sqlite.DatabaseFile.OpenForReading(db.Path);
        using var write = connection.CreateCommand();
        write.CommandText = "DELETE FROM strategy_runs";
        Assert.That(() => write.ExecuteNonQuery(), Throws.InstanceOf<SqliteException>());
    }

    [Test]
    public void Verify_reports_a_schema_meta_version_that_disagrees_with_user_version()
    {
        using var db = DemoFiles.Create();
        using (var connection = new SqliteConnection($"Data Source={db.Path};Pooling=False"))
        {
            connection.Open();
            using var edit = connection.CreateCommand();
            edit.CommandText = "UPDATE schema_meta SET value = '2' WHERE key = 'schema_version';";
            edit.ExecuteNonQuery();
        }

        var run = Cli.Run(db.Folder, "verify", "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Out, Does.Contain("schema_meta.schema_version says 2")
            .And.Contain($"user_version says {QuantowerRecorder.Storage.Sqlite.Migrator.CurrentVersion}"));
    }

    [Test]
    public void An_unknown_command_is_one_error_with_the_list_of_commands()
    {
        using var folder = new TempDatabase();
        var run = Cli.Run(folder.Folder, "notacommand");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error.Split('\n').Count(l => l.StartsWith("error:", StringComparison.Ordinal)), Is.EqualTo(1), run.Error);
        Assert.That(run.Error, Does.Contain("'notacommand'").And.Contain("strategies").And.Contain("executions"));
    }

    [Test]
    public void Runs_help_lists_each_type_and_status_once_and_accepts_any_case()
    {
        using var db = DemoFiles.Create();
        var help = Cli.Run(db.Folder, "runs", "--help");
        Assert.That(help.Out.Split("BACKTEST").Length - 1, Is.EqualTo(1), help.Out);
        Assert.That(help.Out.ToLowerInvariant().Split("abandoned").Length - 1, Is.EqualTo(1), help.Out);
        Assert.That(Cli.Run(db.Folder, "runs", "--type", "Paper", "--json", "--db", db.Path).ExitCode, Is.EqualTo(0));
        var wrong = Cli.Run(db.Folder, "runs", "--type", "demo", "--db", db.Path);
        Assert.That(wrong.ExitCode, Is.EqualTo(2));
        Assert.That(wrong.Error, Does.Contain("LIVE, PAPER, REPLAY, BACKTEST"));
    }

    [Test]
    public void Report_json_says_what_it_wrote()
    {
        using var db = DemoFiles.Create();
        var runId = Db.Scalar<string>(db.Path, "SELECT run_id FROM strategy_runs LIMIT 1");
        var run = Cli.Run(db.Folder, "report", runId[..8], "--json", "-o", "r.html", "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        Assert.That(json.RootElement.GetProperty("file").GetString(), Is.EqualTo(db.Sibling("r.html")));
        Assert.That(json.RootElement.GetProperty("runs")[0].GetProperty("run_id").GetString(), Is.EqualTo(runId));
        Assert.That(File.Exists(db.Sibling("r.html")), Is.True);
    }

    private static IEnumerable<string> Leftovers(TempDatabase db) =>
        new[] { db.Path + "-wal", db.Path + "-shm" }.Where(File.Exists)
            .Concat(new[] { db.Path + ".runs" }.Where(Directory.Exists));

    // The words of a command line as a POSIX shell splits them: spaces separate, double quotes group.
    private static string[] Words(string line)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == ' ' && !quoted)
            {
                if (any)
                {
                    words.Add(current.ToString());
                }

                current.Clear();
                any = false;
            }
            else
            {
                current.Append(c);
                any = true;
            }
        }

        if (any)
        {
            words.Add(current.ToString());
        }

        return [.. words];
    }
}
