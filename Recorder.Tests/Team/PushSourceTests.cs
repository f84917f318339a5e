using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.PostgreSql;
using QuantowerRecorder.Storage.PostgreSql.Push;
using QuantowerRecorder.Storage.PostgreSql.Schema;
using QuantowerRecorder.Storage.PostgreSql.Source;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;
using CliRunner = QuantowerRecorder.Tests.Cli.Cli;

namespace QuantowerRecorder.Tests.Team;

/// <summary>What push reads: a file being recorded, and files it must refuse.</summary>
[Category("PostgreSQL")]
public sealed class PushSourceTests
{
    [Test]
    public void A_file_still_being_recorded_is_pushed_as_it_stands_and_the_next_push_brings_the_rest()
    {
        using var folder = new TempDatabase();
        using var team = PostgresServer.CreateDatabase();
        var s = new Scenario();
        using var session = RecorderSession.Open(folder.Path);
        foreach (var e in s.Start())
        {
            session.Record(e);
        }

        session.Record(s.Order("O1", Side.Buy, 1, "OPENED", at: 5));
        Assert.That(session.Flush(TimeSpan.FromSeconds(30)).Completed, Is.True);

        var whileRecording = CliRunner.Run(folder.Folder, "push", "--to", team.ConnectionString, folder.Path);

        session.Record(s.Order("O1", Side.Buy, 1, "FILLED", at: 6, filled: 1));
        session.Record(s.Fill("X1", "O1", Side.Buy, 1, at: 6));
        session.Record(s.End());
        session.Close(TimeSpan.FromSeconds(30));
        var afterwards = CliRunner.Run(folder.Folder, "push", "--to", team.ConnectionString, folder.Path);

        Assert.That(whileRecording.ExitCode, Is.EqualTo(0), whileRecording.ToString());
        Assert.That(whileRecording.Out, Does.Contain("1 of 1 runs pushed (1 new"));
        Assert.That(afterwards.ExitCode, Is.EqualTo(0), afterwards.ToString());
        Assert.That(afterwards.Out, Does.Contain("1 of 1 runs pushed (0 new, 1 later"));
        Assert.That(team.Scalar("SELECT COUNT(*) FROM strategy_runs WHERE status = 'COMPLETED'"), Is.EqualTo(1));
        Assert.That(team.Scalar("SELECT COUNT(*) FROM executions"), Is.EqualTo(1));
        Assert.That(team.Scalar("SELECT COUNT(*) FROM ingest_events"), Is.EqualTo(TerminalFiles.Count(folder.Path, "SELECT COUNT(*) FROM ingest_events")));
    }

    [Test]
    public void A_source_another_program_holds_is_tried_again_on_the_clock_until_the_lock_wait_is_spent()
    {
        using var folder = new TempDatabase();
        TerminalFiles.Record(folder.Path, runs: 1, tradesPerRun: 1, barsPerRun: 1);
        using var team = PostgresServer.CreateDatabase();
        var clock = new FakeClock(new DateTime(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc));
        using var pusher = TeamPusher.Connect(team.ConnectionString, new PushOptions { Time = clock });

        using (var other = OtherProgram.HoldingExclusively(folder.Path))
        {
            var pushed = Task.Run(() => pusher.Push(folder.Path));
            // The first attempt finds the file held and the next waits on the clock; nothing is pushed meanwhile.
            Assert.That(clock.AdvanceToNextTimer(BusyFile.Pause, () => pushed.IsCompleted, TimeSpan.FromSeconds(30)), Is.True);
            Assert.That(pushed.IsCompleted, Is.False);
            Assert.That(team.Scalar("SELECT COUNT(*) FROM team_sources"), Is.EqualTo(0));
            other.Dispose();
            // An attempt that failed before the program let go waits for the next; the clock stops moving once push is done.
            _ = pushed.ContinueWith(_ => clock.Pulse(), TaskScheduler.Default);
            while (clock.AdvanceToNextTimer(BusyFile.Pause, () => pushed.IsCompleted, TimeSpan.FromSeconds(30)))
            {
            }

            Assert.That(pushed.Wait(TimeSpan.FromSeconds(30)), Is.True);
            Assert.That(pushed.Result.NewRuns, Is.EqualTo(1));
        }

        TerminalFiles.Record(folder.Path, runs: 1, tradesPerRun: 1, barsPerRun: 1);
        using (OtherProgram.HoldingExclusively(folder.Path))
        {
            var pushed = Task.Run(() => pusher.Push(folder.Path));
            Assert.That(clock.AdvanceToNextTimer(BusyFile.Pause, () => pushed.IsCompleted, TimeSpan.FromSeconds(30)), Is.True);
            clock.Advance(SourceFile.LockWait);
            var error = Assert.Throws<AggregateException>(() => pushed.Wait(TimeSpan.FromSeconds(30)))!.InnerException as TeamStoreException;
            Assert.That(error?.Message, Is.EqualTo($"{folder.Path} is locked by another program (DB Browser with unsaved changes, or one holding it exclusively): " +
                "push waited 30 s for it. Save or close it, then push again; nothing was pushed from it."));
        }

        Assert.That(team.Scalar("SELECT COUNT(*) FROM strategy_runs"), Is.EqualTo(1));
    }

    [Test]
    public void A_file_at_an_older_schema_version_is_refused_with_how_to_upgrade_it_and_nothing_is_pushed()
    {
        using var folder = new TempDatabase();
        TerminalFiles.Record(folder.Path, runs: 1, tradesPerRun: 1, barsPerRun: 1);
        TerminalFiles.Write(folder.Path, "PRAGMA user_version = 3;");
        using var team = PostgresServer.CreateDatabase();

        var run = CliRunner.Run(folder.Folder, "push", "--to", team.ConnectionString, folder.Path);

        Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
        Assert.That(run.Error, Does.Contain($"{folder.Path} has schema version 3; the team database holds version {TeamMigrator.SqliteVersion}. Upgrade it with `recorder analyze --all --db \"{folder.Path}\"`"));
        Assert.That(team.Scalar("SELECT COUNT(*) FROM strategy_runs"), Is.EqualTo(0));
    }

    [Test]
    public void The_upgrade_the_refusal_names_works_as_printed_and_the_file_is_pushed_after_it()
    {
        using var folder = new TempDatabase();
        QuantowerRecorder.Tests.Storage.SchemaTests.CreateVersion1(folder.Path);
        using (var raw = QuantowerRecorder.Tests.Storage.SchemaTests.Raw(folder.Path))
        {
            foreach (var script in new[] { "002_additions.sql", "003_derived_analytics.sql", "004_instruments.sql" })
            {
                Dapper.SqlMapper.Execute(raw, QuantowerRecorder.Storage.Sqlite.Migrator.ReadResource("QuantowerRecorder.Storage.Migrations." + script));
            }

            Dapper.SqlMapper.Execute(raw, "PRAGMA user_version = 4;");
        }

        using var team = PostgresServer.CreateDatabase();
        var refused = CliRunner.Run(folder.Folder, "push", "--to", team.ConnectionString, folder.Path);
        Assert.That(refused.ExitCode, Is.EqualTo(3), refused.ToString());
        var hint = System.Text.RegularExpressions.Regex.Match(refused.Error, "`recorder (analyze [^`]+)`");
        Assert.That(hint.Success, Is.True, refused.Error);

        var upgrade = CliRunner.Run(folder.Folder, ArgumentsOf(hint.Groups[1].Value));
        Assert.That(upgrade.ExitCode, Is.EqualTo(0), upgrade.ToString());
        var pushed = CliRunner.Run(folder.Folder, "push", "--to", team.ConnectionString, folder.Path);
        Assert.That(pushed.ExitCode, Is.EqualTo(0), pushed.ToString());
    }

    // The hint's words as a shell would split them (its only quoted word is the path).
    private static string[] ArgumentsOf(string command) =>
        System.Text.RegularExpressions.Regex.Matches(command, "\"([^\"]*)\"|(\\S+)")
            .Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).ToArray();

    [Test]
    public void A_file_that_is_not_a_recorder_database_is_refused()
    {
        using var folder = new TempDatabase();
        TerminalFiles.Write(folder.Path, "CREATE TABLE notes(text TEXT);");
        using var team = PostgresServer.CreateDatabase();

        var run = CliRunner.Run(folder.Folder, "push", "--to", team.ConnectionString, folder.Path);

        Assert.That(run.ExitCode, Is.EqualTo(3), run.ToString());
        Assert.That(run.Error, Does.Contain($"{folder.Path} is not a recorder database; nothing was pushed from it."));
    }
}
