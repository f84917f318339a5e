using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.PostgreSql.Push;
using QuantowerRecorder.Tests.Support;
using CliRunner = QuantowerRecorder.Tests.Cli.Cli;

namespace QuantowerRecorder.Tests.Team;

/// <summary>`recorder push` into a real PostgreSQL: three terminals, again, later and earlier copies, conflicts, resume.</summary>
[Category("PostgreSQL")]
public sealed class PushTests
{
    private static readonly string[] CopiedTables =
    [
        "strategies", "strategy_instances", "strategy_runs", "run_series", "bars", "orders", "executions",
        "order_oco_groups", "order_oco_links", "run_instruments", "run_metrics_kv", "run_trades", "run_equity",
        "run_order_quality", "ingest_events",
    ];

    [Test]
    public void Three_terminals_push_into_one_database_a_copied_file_adds_nothing_and_a_second_push_changes_nothing()
    {
        using var folder = new TempDatabase();
        var a = folder.Sibling("vps/recorder.db");
        var b = folder.Sibling("laptop/recorder.db");
        var c = folder.Sibling("desktop/copy-of-vps.db");
        Directory.CreateDirectory(Path.GetDirectoryName(a)!);
        Directory.CreateDirectory(Path.GetDirectoryName(b)!);
        TerminalFiles.Record(a, runs: 3);
        TerminalFiles.Record(b, runs: 2);
        TerminalFiles.Copy(a, c);
        using var team = PostgresServer.CreateDatabase();

        var first = CliRunner.Run(folder.Folder, "push", "--to", team.ConnectionString, a, b, c);

        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        Assert.That(first.Out, Does.Contain($"{a}: 3 of 3 runs pushed (3 new"));
        Assert.That(first.Out, Does.Contain($"{b}: 2 of 2 runs pushed (2 new"));
        Assert.That(first.Out, Does.Contain($"{c}: nothing new (3 runs up to date, 0 rows sent)."), "the copy is the same file");
        // Strategies and instances have name-based ids: the same ones on both terminals are one row each.
        AssertSameRows(team, [a, b], "SELECT DISTINCT strategy_id, name, version, vendor FROM strategies", distinct: true);
        AssertSameRows(team, [a, b], "SELECT DISTINCT instance_id, strategy_id, config_hash FROM strategy_instances", distinct: true);
        foreach (var table in CopiedTables.Skip(2))
        {
            var expected = TerminalFiles.Count(a, $"SELECT COUNT(*) FROM {table}") + TerminalFiles.Count(b, $"SELECT COUNT(*) FROM {table}");
            Assert.That(team.Scalar($"SELECT COUNT(*) FROM {table}"), Is.EqualTo(expected), table);
        }

        Assert.That(team.Scalar("SELECT COUNT(*) FROM run_trades"), Is.GreaterThan(0), "the analysis done at run end is pushed too");
        AssertSameRows(team, [a, b], "SELECT run_id, execution_id, order_id, exec_utc, price, quantity, fee, symbol, side, position_impact FROM executions");
        AssertSameRows(team, [a, b], "SELECT series_id, ts_utc, open, high, low, close, volume FROM bars");
        AssertSameRows(team, [a, b], "SELECT run_id, trade_no, entry_utc, exit_utc, net_pnl, fees FROM run_trades");
        AssertSameRows(team, [a, b], "SELECT run_id, sequence, event_type, event_utc, received_utc FROM ingest_events");
        var rows = TotalRows(team);

        var second = CliRunner.Run(folder.Folder, "push", "--to", team.ConnectionString, a, b, c);

        Assert.That(second.ExitCode, Is.EqualTo(0), second.ToString());
        Assert.That(second.Out, Does.Contain($"{a}: nothing new (3 runs up to date, 0 rows sent)."));
        Assert.That(second.Out, Does.Contain($"{b}: nothing new (2 runs up to date, 0 rows sent)."));
        Assert.That(second.Out, Does.Contain($"{c}: nothing new (3 runs up to date, 0 rows sent)."));
        Assert.That(TotalRows(team), Is.EqualTo(rows));
        Assert.That(team.Scalar("SELECT COUNT(*) FROM team_conflicts"), Is.EqualTo(0));
        Assert.That(team.Scalar("SELECT COUNT(*) FROM team_sources"), Is.EqualTo(2), "two files: the copy has the identity of the one it was copied from");
    }

    [Test]
    public void A_later_state_of_a_run_updates_its_rows_and_an_earlier_copy_pushed_afterwards_changes_nothing()
    {
        using var folder = new TempDatabase();
        var s = new Scenario();
        using (var session = RecorderSession(folder.Path))
        {
            foreach (var e in s.Start())
            {
                session.Record(e);
            }

            session.Record(s.Order("O1", QuantowerRecorder.Analytics.Side.Buy, 1, "OPENED", at: 5));
            session.Close(TimeSpan.FromSeconds(30));
        }

        var early = folder.Sibling("early/recorder.db");
        TerminalFiles.Copy(folder.Path, early);
        using (var session = RecorderSession(folder.Path))
        {
            session.Record(s.Order("O1", QuantowerRecorder.Analytics.Side.Buy, 1, "FILLED", at: 6, filled: 1));
            session.Record(s.Fill("X1", "O1", QuantowerRecorder.Analytics.Side.Buy, 1, at: 6));
            session.Record(s.End());
            session.Close(TimeSpan.FromSeconds(30));
        }

        using var team = PostgresServer.CreateDatabase();
        using var pusher = TeamPusher.Connect(team.ConnectionString);

        var fromEarly = pusher.Push(early);
        var fromLater = pusher.Push(folder.Path);
        var earlyAgain = pusher.Push(early);

        Assert.That((fromEarly.NewRuns, fromLater.LaterRuns, earlyAgain.EarlierRuns), Is.EqualTo((1, 1, 1)));
        Assert.That(fromLater.RowsUpdated, Is.GreaterThan(0), "the order and the run moved on");
        Assert.That((earlyAgain.RowsInserted, earlyAgain.RowsUpdated, earlyAgain.Conflicts.Count), Is.EqualTo((0L, 0L, 0)));
        Assert.That(team.Scalar("SELECT COUNT(*) FROM orders WHERE order_id = 'O1' AND status = 'FILLED'"), Is.EqualTo(1));
        Assert.That(team.Scalar("SELECT COUNT(*) FROM strategy_runs WHERE status = 'COMPLETED'"), Is.EqualTo(1));
        Assert.That(team.Scalar("SELECT COUNT(*) FROM ingest_events"), Is.EqualTo(TerminalFiles.Count(folder.Path, "SELECT COUNT(*) FROM ingest_events")));
        // The session that ended the run stored its analysis at its close: new rows the later push sends whole.
        var analysis = QuantowerRecorder.Storage.Analysis.AnalysisRows.Tables
            .Sum(table => TerminalFiles.Count(folder.Path, $"SELECT COUNT(*) FROM {table}"));
        Assert.That(analysis, Is.GreaterThan(0), "the run was analysed at the close of the session that ended it");
        Assert.That(fromLater.RowsSent, Is.LessThan(TerminalFiles.Count(folder.Path, "SELECT COUNT(*) FROM ingest_events") + 10 + analysis),
            "the later push sends the run's rows, its analysis and only its new events");
    }

    [Test]
    public void The_same_key_with_other_content_from_another_file_is_reported_and_kept_and_the_stored_row_is_not_overwritten()
    {
        using var folder = new TempDatabase();
        var runs = TerminalFiles.Record(folder.Path, runs: 1, tradesPerRun: 1);
        var other = folder.Sibling("other/recorder.db");
        TerminalFiles.Copy(folder.Path, other);
        // Another terminal's file with the same run and a different price for the same fill (and its own identity).
        TerminalFiles.Write(other, "UPDATE executions SET price = 5001.5 WHERE execution_id = 'X0a';" +
                                   "UPDATE schema_meta SET value = '2020-01-01T00:00:00.0000000Z' WHERE key = 'created_utc';");
        using var team = PostgresServer.CreateDatabase();

        var first = CliRunner.Run(folder.Folder, "push", "--to", team.ConnectionString, folder.Path);
        var clash = CliRunner.Run(folder.Folder, "push", "--to", team.ConnectionString, other);
        var again = CliRunner.Run(folder.Folder, "push", "--to", team.ConnectionString, other);

        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());
        Assert.That(clash.ExitCode, Is.EqualTo(1), clash.ToString());
        Assert.That(clash.Out, Does.Contain($"conflict: executions {runs[0]}|X0a: price 5000 → 5001.5"));
        Assert.That(clash.Out, Does.Contain("1 conflict(s)"));
        Assert.That(team.Scalar("SELECT COUNT(*) FROM executions WHERE execution_id = 'X0a' AND price = 5000"), Is.EqualTo(1), "the stored row stays");
        Assert.That(team.Scalar("""
            SELECT COUNT(*) FROM team_conflicts WHERE table_name = 'executions' AND natural_key = '{runs[0]}|X0a'
              AND (stored_content->>'price')::float8 = 5000 AND (incoming_content->>'price')::float8 = 5001.5
            """.Replace("{runs[0]}", runs[0], StringComparison.Ordinal)), Is.EqualTo(1), "both contents are kept");
        Assert.That(again.ExitCode, Is.EqualTo(0), "nothing new in the file: " + again);
        Assert.That(team.Scalar("SELECT COUNT(*) FROM team_conflicts"), Is.EqualTo(1));
    }

    [Test]
    public void A_push_that_fails_between_chunks_is_completed_by_the_next_push_without_duplicates()
    {
        using var folder = new TempDatabase();
        TerminalFiles.Record(folder.Path, runs: 6);
        using var team = PostgresServer.CreateDatabase();
        using var clean = PostgresServer.CreateDatabase();

        // The network goes away once the second chunk is committed: push's progress (AfterRuns, what the command's progress
        // bar counts) is told after each commit, and throws then.
        var committed = 0;
        using (var failing = TeamPusher.Connect(team.ConnectionString, new PushOptions
               {
                   ChunkRows = 1,
                   AfterRuns = _ => { if (++committed == 2) throw new IOException("injected: the network went away after chunk 2"); },
               }))
        {
            Assert.Throws<IOException>(() => failing.Push(folder.Path));
        }

        Assert.That(team.Scalar("SELECT COUNT(*) FROM strategy_runs"), Is.EqualTo(2), "two chunks of one run each were committed");
        using (var resume = TeamPusher.Connect(team.ConnectionString, new PushOptions { ChunkRows = 1 }))
        {
            var result = resume.Push(folder.Path);
            Assert.That((result.Unchanged, result.NewRuns), Is.EqualTo((2, 4)));
        }

        using (var reference = TeamPusher.Connect(clean.ConnectionString))
        {
            reference.Push(folder.Path);
        }

        foreach (var table in CopiedTables)
        {
            Assert.That(team.Scalar($"SELECT COUNT(*) FROM {table}"), Is.EqualTo(clean.Scalar($"SELECT COUNT(*) FROM {table}")), table);
        }
    }

    [Test]
    public void A_push_process_killed_inside_a_chunk_is_completed_by_the_next_push_without_duplicates()
    {
        using var folder = new TempDatabase();
        var runs = TerminalFiles.Record(folder.Path, runs: 6);
        using var team = PostgresServer.CreateDatabase();
        // The test holds the lock push takes on the third run, so the child commits two chunks and never the third, in
        // which it waits. Each commit is told to the test (a trigger it adds notifies the run marked): killed after the
        // second, the child dies mid-way, deterministically.
        using var holder = team.Open();
        using (var hold = new Npgsql.NpgsqlCommand("SELECT pg_advisory_lock(hashtext(@run))", holder))
        {
            hold.Parameters.AddWithValue("run", runs[2]);
            hold.ExecuteNonQuery();
        }

        using var listener = team.Open();
        var marked = new HashSet<string>(StringComparer.Ordinal);
        listener.Notification += (_, e) => marked.Add(e.Payload);
        using (var listen = new Npgsql.NpgsqlCommand("""
                   CREATE FUNCTION test_run_marked() RETURNS trigger LANGUAGE plpgsql AS $$
                   BEGIN PERFORM pg_notify('test_run_marked', NEW.run_id); RETURN NEW; END $$;
                   CREATE TRIGGER test_run_marked AFTER INSERT OR UPDATE ON team_marks FOR EACH ROW EXECUTE FUNCTION test_run_marked();
                   LISTEN test_run_marked;
                   """, listener))
        {
            listen.ExecuteNonQuery();
        }

        var dll = Path.Combine(AppContext.BaseDirectory, "recorder.dll");
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, "push", "--to", team.ConnectionString, "--chunk-rows", "1", folder.Path })
        {
            info.ArgumentList.Add(arg);
        }

        using (var child = System.Diagnostics.Process.Start(info)!)
        {
            // Each wait ends with a notification; the time limit only ends a child that never commits.
            while (marked.Count < 2 && listener.Wait(TimeSpan.FromSeconds(60)))
            {
            }

            var ended = child.HasExited ? "it ended: " + child.StandardError.ReadToEnd() : "it is still running";
            Assert.That(marked, Has.Count.EqualTo(2), "the child did not commit two chunks; " + ended);
            Assert.That(child.HasExited, Is.False, "the child ended before reaching the third run; " + ended);
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }

        using (var release = new Npgsql.NpgsqlCommand("SELECT pg_advisory_unlock_all()", holder))
        {
            release.ExecuteNonQuery();
        }

        Assert.That(team.Scalar("SELECT COUNT(*) FROM strategy_runs"), Is.EqualTo(2), "two chunks committed, the third rolled back");

        var resumed = CliRunner.Run(folder.Folder, "push", "--to", team.ConnectionString, folder.Path);

        Assert.That(resumed.ExitCode, Is.EqualTo(0), resumed.ToString());
        Assert.That(resumed.Out, Does.Contain("4 of 6 runs pushed (4 new, 0 later, 0 same, 0 earlier; 2 up to date)"));
        foreach (var table in CopiedTables)
        {
            Assert.That(team.Scalar($"SELECT COUNT(*) FROM {table}"), Is.EqualTo(TerminalFiles.Count(folder.Path, $"SELECT COUNT(*) FROM {table}")), table);
        }
    }

    private static QuantowerRecorder.Storage.Writing.RecorderSession RecorderSession(string path) => QuantowerRecorder.Storage.Writing.RecorderSession.Open(path);

    private static long TotalRows(TeamDatabase team) =>
        CopiedTables.Sum(t => team.Scalar($"SELECT COUNT(*) FROM {t}"));

    private static void AssertSameRows(TeamDatabase team, string[] files, string sql, bool distinct = false)
    {
        var expected = new List<string>();
        foreach (var file in files)
        {
            using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
            connection.Open();
            expected.AddRange(TerminalFiles.Lines(connection, sql));
        }

        expected = distinct ? expected.Distinct().ToList() : expected;
        expected.Sort(StringComparer.Ordinal);
        using var pg = team.Open();
        Assert.That(TerminalFiles.Lines(pg, sql), Is.EqualTo(expected), sql);
    }
}
