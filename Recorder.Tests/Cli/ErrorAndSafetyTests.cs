using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>Clear errors with the next step, exit codes, and commands that must never change the file.</summary>
[TestFixture]
public sealed class ErrorAndSafetyTests
{
    [Test]
    public void Missing_database_says_how_to_make_one()
    {
        using var db = new TempDatabase();
        var run = Cli.Run(db.Folder, "runs", "--db", "missing.db");
        Assert.That(run.ExitCode, Is.EqualTo(3));
        Assert.That(run.Error, Does.Contain("No such database file").And.Contain(db.Sibling("missing.db")).And.Contain("recorder demo"));
    }

    [Test]
    public void A_file_that_is_not_sqlite_is_refused()
    {
        using var db = new TempDatabase();
        File.WriteAllText(db.Path, "this is a text file, not a database, and it is long enough to have a header.");
        var run = Cli.Run(db.Folder, "runs", "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(3));
        Assert.That(run.Error, Does.Contain("not an SQLite database"));
    }

    [Test]
    public void An_sqlite_file_that_is_not_a_recorder_database_is_refused()
    {
        using var db = new TempDatabase();
        Sql(db.Path, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);");
        var run = Cli.Run(db.Folder, "show", "abc", "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
        Assert.That(run.Error, Does.Contain(db.Path));
    }

    [Test]
    public void A_database_from_a_newer_recorder_is_refused_with_what_to_do()
    {
        using var db = DemoFiles.Create();
        Sql(db.Path, "PRAGMA user_version = 99;");
        var run = Cli.Run(db.Folder, "runs", "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(3));
        Assert.That(run.Error, Does.Contain("99"));
    }

    [Test]
    public void Import_into_a_file_whose_schema_meta_disagrees_is_refused_like_any_unusable_file()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        Recorded.Write(db.Path, s.Start());
        Sql(db.Path, "PRAGMA journal_mode=DELETE; UPDATE schema_meta SET value = '3' WHERE key = 'schema_version';");
        File.WriteAllLines(db.Sibling("events.jsonl"), new RecorderEvent[] { s.Bar(0), s.End() }.Select(EventLines.Line));
        var foreign = db.Sibling("customers.db");
        Sql(foreign, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);");
        var before = File.ReadAllBytes(db.Path);

        var run = Cli.Run(db.Folder, "import", "events.jsonl", "--db", db.Path);
        var unusable = Cli.Run(db.Folder, "import", "events.jsonl", "--db", foreign);

        Assert.That(unusable.ExitCode, Is.Not.EqualTo(0), "precondition: a file that is not ours is refused");
        Assert.That(run.ExitCode, Is.EqualTo(unusable.ExitCode), run.ToString());
        Assert.That(run.Error, Does.Contain("schema_meta").And.Contain(db.Path));
        Assert.That(File.ReadAllBytes(db.Path), Is.EqualTo(before), "the file's bytes");
        Assert.That(File.Exists(db.Path + "-wal"), Is.False, "no -wal left beside it");
    }

    [Test]
    public void A_locked_database_is_reported_as_locked_by_a_writing_command()
    {
        using var db = DemoFiles.Create();
        using var holder = new SqliteConnection($"Data Source={db.Path};Pooling=False");
        holder.Open();
        using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE;";
            begin.ExecuteNonQuery();
        }

        var run = Cli.Run(db.Folder, "analyze", "--all", "--db", db.Path);
        Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
        Assert.That(run.Error, Does.Contain("locked"));
    }

    [Test]
    public void Unknown_command_and_missing_arguments_are_usage_errors()
    {
        using var db = new TempDatabase();
        var unknown = Cli.Run(db.Folder, "frobnicate");
        Assert.That(unknown.ExitCode, Is.EqualTo(2));
        Assert.That(unknown.Error, Does.Contain("recorder --help"));
        var missing = Cli.Run(db.Folder, "show");
        Assert.That(missing.ExitCode, Is.EqualTo(2));
    }

    [Test]
    public void Help_lists_every_command()
    {
        using var db = new TempDatabase();
        var run = Cli.Run(db.Folder, "--help");
        Assert.That(run.ExitCode, Is.EqualTo(0));
        foreach (var command in new[] { "demo", "runs", "show", "trades", "compare", "export", "report", "import", "analyze", "verify", "replay", "prune" })
        {
            Assert.That(run.Out, Does.Contain(command));
        }
    }

    [Test]
    public void The_database_defaults_to_RECORDER_DB_then_recorder_db_in_the_current_folder()
    {
        using var db = DemoFiles.Create();
        var fromVariable = Cli.Run(db.Folder, env => env with { DatabaseVariable = db.Path }, "runs", "--json");
        Assert.That(fromVariable.ExitCode, Is.EqualTo(0), fromVariable.ToString());
        File.Copy(db.Path, db.Sibling("recorder.db"));
        var fromFolder = Cli.Run(db.Folder, "runs", "--json");
        Assert.That(fromFolder.ExitCode, Is.EqualTo(0), fromFolder.ToString());
        Assert.That(fromFolder.Out, Is.EqualTo(fromVariable.Out));
    }

    [Test]
    public void Commands_that_only_look_never_change_the_file()
    {
        using var db = DemoFiles.Create();
        var runId = Db.Scalar<string>(db.Path, "SELECT run_id FROM strategy_runs ORDER BY start_utc LIMIT 1");
        // Checkpoint so the whole content is in the main file, then watch it and the WAL.
        Sql(db.Path, "PRAGMA wal_checkpoint(TRUNCATE);");
        var before = Fingerprint(db.Path);
        string[][] commands =
        [
            ["runs"], ["runs", "--json"], ["show", runId], ["trades", runId], ["compare", runId, "Slow 20/60"],
            ["export", runId, "--what", "orders"], ["report", runId, "-o", "r.html"], ["verify"], ["replay", "-o", "copy.db"],
            ["prune", "--keep", "1"], ["show", "nope"],
        ];
        foreach (var command in commands)
        {
            Cli.Run(db.Folder, [.. command, "--db", db.Path]);
            Assert.That(Fingerprint(db.Path), Is.EqualTo(before), string.Join(" ", command));
        }
    }

    private static string Fingerprint(string path)
    {
        var wal = path + "-wal";
        var walLength = File.Exists(wal) ? new FileInfo(wal).Length : 0;
        return Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))) + "/" + walLength;
    }

    private static void Sql(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
