using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Replay;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// A run is ABANDONED only after a crash (docs/events.md, "How a run ends"): a clean close mid-run leaves it RUNNING,
/// and an ABANDONED run that receives more events or its end takes them.
/// </summary>
[TestFixture]
public sealed class RunEndRuleTests
{
    [Test]
    public void A_run_left_running_by_a_clean_close_stays_running_and_takes_its_end_later()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        Recorded.Write(db.Path, [.. s.Start(), s.Order("O1", Side.Buy, 1, at: 1)]);

        Assert.That(Directory.Exists(db.Path + ".runs"), Is.False, "a clean close leaves no lock file, nor their folder, behind");
        using (RecorderSession.Open(db.Path))
        {
            // Opening the file again marks nothing.
        }

        Assert.That(Db.Scalar<string>(db.Path, "SELECT status FROM strategy_runs"), Is.EqualTo("RUNNING"));

        var counters = Recorded.Write(db.Path, [s.Order("O1", Side.Buy, 1, "FILLED", at: 2, filled: 1), s.End()]);

        Assert.That(counters.Quarantined, Is.Zero);
        Assert.That(Db.Scalar<string>(db.Path, "SELECT status FROM strategy_runs"), Is.EqualTo("COMPLETED"));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_quarantine"), Is.Zero);
        Assert.That(Db.Query<(string, long)>(db.Path, "SELECT event_type, sequence FROM ingest_events ORDER BY id").Skip(4),
            Is.EqualTo(new[] { ("ORDER", 5L), ("ORDER", 6L), ("RUN_ENDED", 7L) }), "no ABANDONED end in between");
    }

    [Test]
    public void A_run_whose_recorder_was_killed_is_abandoned_then_takes_its_later_events_and_real_end()
    {
        using var db = new TempDatabase();
        var runId = RecordInChildAndKill(db.Path);

        using (RecorderSession.Open(db.Path))
        {
            // The next writer to open the file finds the crashed run.
        }

        Assert.That(Db.Scalar<string>(db.Path, $"SELECT status FROM strategy_runs WHERE run_id = '{runId}'"),
            Is.EqualTo("ABANDONED"));

        var s = new Scenario(runId: runId);
        var counters = Recorded.Write(db.Path,
            [s.Order("LATE", Side.Buy, 1, at: 7200), s.End(RunStatus.Canceled, at: 7300)]);

        Assert.That(counters.Quarantined, Is.Zero);
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM ingest_quarantine"), Is.Zero);
        Assert.That(Db.Scalar<string>(db.Path, $"SELECT status FROM strategy_runs WHERE run_id = '{runId}'"),
            Is.EqualTo("CANCELED"), "the real end replaces the presumed one");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM orders WHERE order_id = 'LATE'"), Is.EqualTo(1));

        // Ended in that session, its analysis is stored at the session's close: whole, and with the late order.
        Assert.That(Db.Scalar<long>(db.Path, $"SELECT json_extract(metrics_json, '$.whole_run') FROM strategy_runs WHERE run_id = '{runId}'"), Is.EqualTo(1));
        Assert.That(Db.Scalar<long>(db.Path, $"SELECT json_extract(metrics_json, '$.metrics.order_count') FROM strategy_runs WHERE run_id = '{runId}'"),
            Is.EqualTo(Db.Scalar<long>(db.Path, $"SELECT COUNT(*) FROM orders WHERE run_id = '{runId}'")), "as of its real end, the late order counted");

        // Replay rebuilds the normalised rows; the analysis (metrics_json) is derived, `recorder analyze`'s to rebuild.
        var rebuilt = db.Sibling("rebuilt.db");
        var replay = EventReplayer.Rebuild(db.Path, rebuilt);
        Assert.That(replay.Quarantined, Is.Zero);
        Assert.That(Runs(rebuilt), Is.EqualTo(Runs(db.Path)));
    }

    // A run's row as replay rebuilds it: every column but the derived metrics_json.
    private static List<string> Runs(string path) =>
        Db.Dump(path, "(SELECT " + string.Join(", ", Db.Query<string>(path, "SELECT name FROM pragma_table_info('strategy_runs') WHERE name <> 'metrics_json'"))
            + " FROM strategy_runs)", "run_id");

    [Test]
    public void A_second_presumed_death_of_an_abandoned_run_changes_nothing()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        Recorded.Write(db.Path, [.. s.Start(), s.End(RunStatus.Abandoned, at: 10)]);

        var counters = Recorded.Write(db.Path, [s.End(RunStatus.Abandoned, at: 20)]);

        Assert.That(counters.Quarantined, Is.Zero);
        Assert.That(counters.Duplicates, Is.EqualTo(1));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT end_utc FROM strategy_runs"), Is.EqualTo("2026-03-02T14:30:10.0000000Z"));
    }

    [Test]
    public void An_ended_runs_lock_goes_once_its_end_is_on_the_disk_not_with_an_unsynced_commit()
    {
        using var db = new TempDatabase();
        var clock = new FakeClock(Scenario.T0);
        // A window far beyond what the writer's own waits move the clock by while it flushes: the sync comes only when the
        // test moves the clock to it.
        var options = new RecorderOptions { Time = clock, LiveAnalysisInterval = null, UnsyncedWindow = TimeSpan.FromHours(1) };
        var backtest = new Scenario(source: RunSource.Backtest);
        var live = new Scenario(source: RunSource.Live);
        string LockOf(Scenario s) => Path.Combine(db.Path + ".runs", s.RunId + ".lock");
        using (var session = WriterClock.Follow(clock, RecorderSession.Open(db.Path, options)))
        {
            // A backtest's commits are not synced at once (decision 3): its end may still be lost to a power cut, and
            // the lock stays so that the next open would end it ABANDONED, not find it RUNNING as if closed cleanly.
            var recordedFrom = clock.UtcNow;
            foreach (var e in backtest.Start().Append(backtest.End()))
            {
                session.Record(e);
            }

            Assert.That(WriterClock.Flush(session, clock).Completed, Is.True);
            Assert.That(Db.Scalar<string>(db.Path, $"SELECT status FROM strategy_runs WHERE run_id = '{backtest.RunId}'"), Is.EqualTo("COMPLETED"));
            Assert.That(File.Exists(LockOf(backtest)), Is.True, "its end is committed, not yet synced: the lock stays");

            // Idle past the unsynced window, the writer syncs (a checkpoint) and the lock goes.
            while (clock.AdvanceToNextTimer(options.UnsyncedWindow * 2, () => !File.Exists(LockOf(backtest)), TimeSpan.FromSeconds(60)))
            {
            }

            Assert.That(File.Exists(LockOf(backtest)), Is.False, "the writer, idle, synced past the window");
            Assert.That(clock.UtcNow - recordedFrom, Is.GreaterThanOrEqualTo(options.UnsyncedWindow), "not before the sync");

            // A live run's commits are synced: its lock goes with its end's commit.
            foreach (var e in live.Start())
            {
                session.Record(e);
            }

            Assert.That(WriterClock.Flush(session, clock).Completed, Is.True);
            Assert.That(File.Exists(LockOf(live)), Is.True, "running: held");
            session.Record(live.End());
            Assert.That(WriterClock.Flush(session, clock).Completed, Is.True);
            Assert.That(File.Exists(LockOf(live)), Is.False, "its end's commit was synced");
        }

        Assert.That(Directory.Exists(db.Path + ".runs"), Is.False, "the close leaves no lock behind");
    }

    [Test]
    public void An_ended_runs_lock_file_is_kept_as_a_spare_that_the_next_runs_lock_takes_and_the_close_deletes()
    {
        using var db = new TempDatabase();
        var clock = new FakeClock(Scenario.T0);
        var options = new RecorderOptions { Time = clock, LiveAnalysisInterval = null, UnsyncedWindow = TimeSpan.FromHours(1) };
        var first = new Scenario(source: RunSource.Backtest);
        var second = new Scenario(source: RunSource.Backtest);
        var folder = db.Path + ".runs";
        string LockOf(Scenario s) => Path.Combine(folder, s.RunId + ".lock");
        string[] Spares() => Directory.Exists(folder) ? Directory.GetFiles(folder, "*.spare") : [];
        using (var session = WriterClock.Follow(clock, RecorderSession.Open(db.Path, options)))
        {
            foreach (var e in first.Start().Append(first.End()))
            {
                session.Record(e);
            }

            Assert.That(WriterClock.Flush(session, clock).Completed, Is.True);
            while (clock.AdvanceToNextTimer(options.UnsyncedWindow * 2, () => !File.Exists(LockOf(first)), TimeSpan.FromSeconds(60)))
            {
            }

            Assert.That(File.Exists(LockOf(first)), Is.False, "its end is on the disk: its lock went");
            Assert.That(Spares(), Has.Length.EqualTo(1), "its file stays under a spare name, for the next run's lock");

            foreach (var e in second.Start())
            {
                session.Record(e);
            }

            Assert.That(WriterClock.Flush(session, clock).Completed, Is.True);
            Assert.That(File.Exists(LockOf(second)), Is.True, "the next run holds its lock");
            Assert.That(Spares(), Is.Empty, "made from the spare, not from a new file");
            Assert.Throws<IOException>(() => new FileStream(LockOf(second), FileMode.Open, FileAccess.ReadWrite, FileShare.None).Dispose(),
                "the renamed spare is locked as a new file is");

            session.Record(second.End());
            Assert.That(WriterClock.Flush(session, clock).Completed, Is.True);
        }

        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_runs WHERE status = 'COMPLETED'"), Is.EqualTo(2));
        Assert.That(Directory.Exists(folder), Is.False, "the close deletes the spares, then the empty folder");
    }

    [Test]
    public void Lock_files_of_no_running_run_are_swept_at_open_but_a_held_one_is_kept()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        Recorded.Write(db.Path, [.. s.Start(), s.End()]);
        var folder = Directory.CreateDirectory(db.Path + ".runs").FullName;
        var stale = Path.Combine(folder, "0190f0e0-0000-7000-8000-000000000001.lock");
        var held = Path.Combine(folder, "0190f0e0-0000-7000-8000-000000000002.lock");
        // A spare another recorder kept for its next runs' locks, left when it was killed: nobody's lock.
        var spare = Path.Combine(folder, "4194304-0.spare");
        File.WriteAllText(stale, string.Empty);
        File.WriteAllText(spare, string.Empty);
        using (new FileStream(held, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            using (RecorderSession.Open(db.Path))
            {
                // Opening sweeps what a kill between taking a lock and committing RUN_STARTED left behind.
            }

            Assert.That(File.Exists(stale), Is.False, "a free lock of a run that is not running is stale");
            Assert.That(File.Exists(spare), Is.False, "a spare left by another recorder is swept too");
            Assert.That(File.Exists(held), Is.True, "a lock another process holds is its business");
        }
    }

    [Test]
    public void A_run_whose_start_was_only_in_the_spill_file_when_its_recorder_was_killed_is_abandoned_with_its_spilled_events()
    {
        using var db = new TempDatabase();
        var spilled = KillChildAfter("SPILLED ", TimeSpan.FromSeconds(120), "powercut-child", "--db", db.Path, "--source", "Live", "--rate", "0",
            "--flush-every", "100", "--run-events", "100000", "--spill", "--hold-spill");
        var runId = spilled[^1].Split(' ')[1];

        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_runs"), Is.Zero, "the run's start was in the spill file alone");
        Assert.That(File.Exists(Path.Combine(db.Path + ".runs", runId + ".lock")), Is.True, "its lock was held while it was only in the spill file");

        RecorderSession.Open(db.Path).Dispose();

        Assert.That(Db.Scalar<string>(db.Path, $"SELECT status FROM strategy_runs WHERE run_id = '{runId}'"), Is.EqualTo("ABANDONED"));
        Assert.That(Db.Scalar<long>(db.Path, $"SELECT COUNT(*) FROM ingest_events WHERE run_id = '{runId}' AND event_type = 'RUN_ENDED'"), Is.EqualTo(1));
        Assert.That(Db.Scalar<long>(db.Path, $"SELECT COUNT(*) FROM ingest_events WHERE run_id = '{runId}'"), Is.GreaterThan(5),
            "the spilled events are written before the run is ended");
    }

    private static string RecordInChildAndKill(string path) =>
        KillChildAfter("ACK ", TimeSpan.FromSeconds(60), "crash-child", "--db", path, "--events", "50000000", "--flush-every", "300")
            .FirstOrDefault(l => l.StartsWith("RUN ", StringComparison.Ordinal))?[4..] ?? throw new InvalidOperationException("the child printed no run id");

    // A recorder in a child process, killed once it has printed a line starting with `until`: the lines it printed by then.
    private static List<string> KillChildAfter(string until, TimeSpan wait, params string[] args)
    {
        using var child = ChildProcess.Start(args);
        var lines = new List<string>();
        var reached = new ManualResetEventSlim();
        child.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text && !reached.IsSet)
            {
                lock (lines)
                {
                    lines.Add(text);
                }

                if (text.StartsWith(until, StringComparison.Ordinal))
                {
                    reached.Set();
                }
            }
        };
        child.BeginOutputReadLine();
        try
        {
            Assert.That(reached.Wait(wait), Is.True, $"the child ({args[0]}) printed no {until.Trim()} line");
        }
        finally
        {
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }

        lock (lines)
        {
            return [.. lines];
        }
    }
}
