using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>Every write failure is classified (transient, file, event, bug) and counted, on a real file.</summary>
[TestFixture]
public sealed class FailureClassTests
{
    [TearDown]
    public void CloseSessions() => WriterClock.CloseFollowed();

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static RecorderOptions OnClock(MessageLog log, FakeClock clock) => new() { Diagnostics = log.Add, Time = clock };

    [Test]
    public void A_file_held_by_another_program_counts_transient_failures_and_loses_nothing()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var clock = new FakeClock(Scenario.T0);
        var log = new MessageLog(clock);
        using var session = WriterClock.Follow(clock, RecorderSession.Open(db.Path, OnClock(log, clock)));
        foreach (var e in s.Start())
        {
            session.Record(e);
        }

        Assert.That(session.Flush(Wait).Completed, Is.True);
        using (var other = OtherProgram.HoldingWriteLock(db.Path))
        {
            session.Record(s.Order("O-1", Side.Buy, 1));
            WriterClock.MoveUntil(clock, () => session.Counters.TransientFailures > 0);
            other.Release();
        }

        var flushed = WriterClock.Flush(session, clock);
        var counters = session.Counters;
        Assert.That(flushed.Completed, Is.True, flushed.Message);
        Assert.That((counters.FileFailures, counters.Bugs, counters.Quarantined), Is.EqualTo((0L, 0L, 0L)));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM orders WHERE order_id = 'O-1'"), Is.EqualTo(1));
    }

    [Test]
    public void A_refused_event_is_counted_as_quarantined_and_not_as_a_bug()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        using var session = RecorderSession.Open(db.Path, new RecorderOptions());
        foreach (var e in s.Start())
        {
            session.Record(e);
        }

        session.Record(s.Order("O-1", Side.Buy, 1) with { RunId = "run-typo" });
        Assert.That(session.Flush(Wait).Completed, Is.True);

        var counters = session.Counters;
        Assert.That((counters.Quarantined, counters.Bugs, counters.FileFailures, counters.TransientFailures),
            Is.EqualTo((1L, 0L, 0L, 0L)));
    }

    [Test]
    public void An_unexpected_exception_is_a_counted_bug_reported_with_its_stack_and_the_rest_of_the_batch_is_stored()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        // The run was started by an earlier session, so this one reads each order's stored state from the file before
        // writing it; its connection fails that read for O-bug with what the driver throws at a recorder that misuses it.
        Recorded.Write(db.Path, s.Start());
        var log = new MessageLog();
        var options = new RecorderOptions { Diagnostics = log.Add };
        using var session = RecorderSession.Open(db.Path, options, WatchedConnection.Watching(command =>
        {
            if (command.Parameters.Cast<SqliteParameter>().Any(p => Equals(p.Value, "O-bug")))
            {
                throw new InvalidOperationException("injected applier fault");
            }
        }));
        var events = new List<RecorderEvent>
        {
            s.Order("O-1", Side.Buy, 1),
            s.Order("O-bug", Side.Buy, 1, at: 1.5),
            s.Fill("X-1", "O-1", Side.Buy, 1),
        };
        foreach (var e in events)
        {
            session.Record(e);
        }

        var flushed = session.Flush(Wait);
        var counters = session.Counters;

        Assert.That(flushed.Completed, Is.True, flushed.Message);
        Assert.That((counters.Bugs, counters.Quarantined, counters.Committed), Is.EqualTo((1L, 1L, (long)events.Count - 1)));
        Assert.That(Db.Query<string>(db.Path, "SELECT order_id FROM orders"), Is.EqualTo(new[] { "O-1" }));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM executions"), Is.EqualTo(1));
        Assert.That(Db.Scalar<string>(db.Path, "SELECT reason FROM ingest_quarantine"),
            Does.StartWith("recorder bug (InvalidOperationException: injected applier fault)"));
        var report = log.Snapshot().Single(m => m.StartsWith("recorder bug", StringComparison.Ordinal));
        Assert.That(report, Does.Contain("injected applier fault").And.Contain("BatchWriter.Execute"), "the stack is in the log");
    }

    [Test]
    public void A_file_damaged_while_a_session_is_open_is_final_keeps_trading_events_in_the_spill_file_and_says_what_to_do()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var clock = new FakeClock(Scenario.T0);
        var log = new MessageLog(clock);
        var session = WriterClock.Follow(clock, RecorderSession.Open(db.Path, OnClock(log, clock)));
        foreach (var e in s.Start())
        {
            session.Record(e);
        }

        session.Record(s.Order("O-1", Side.Buy, 1));
        Assert.That(session.Flush(Wait).Completed, Is.True);

        // Another program damages the file under the writer: the raw log's table now points past the end of the file.
        using (var other = new SqliteConnection($"Data Source={db.Path};Pooling=False"))
        {
            other.Open();
            using var command = other.CreateCommand();
            command.CommandText = "PRAGMA schema_version;";
            var version = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            command.CommandText = "PRAGMA writable_schema = ON; " +
                                  "UPDATE sqlite_master SET rootpage = 999999 WHERE name = 'ingest_events'; " +
                                  $"PRAGMA schema_version = {version + 1}; PRAGMA writable_schema = OFF;";
            command.ExecuteNonQuery();
        }

        session.Record(s.Order("O-2", Side.Sell, 1, at: 5));
        WriterClock.MoveUntil(clock, () => session.Counters.FileFailures == 1);
        session.Record(s.Order("O-3", Side.Buy, 1, at: 6));
        WriterClock.MoveUntil(clock, () => session.Counters.Spilled >= 2);

        // Without the clock moving, a flush that waited for the damaged file would never return.
        var flushing = Task.Run(() => session.Flush(WriterClock.Unbounded));
        Assert.That(flushing.Wait(Wait), Is.True, "a flush does not wait for a damaged file");
        var flushed = flushing.Result;
        var counters = session.Counters;

        Assert.That(flushed.Completed, Is.False);
        Assert.That(counters.FileFailures, Is.EqualTo(1), "the damaged file is not tried again");
        Assert.That(counters.LastError, Does.Contain(db.Path).And.Contain("damaged").And.Contain("recorder verify"));
        Assert.That(log.Snapshot(), Has.Some.StartsWith("file damaged, writing stopped"));
        Assert.DoesNotThrow(() => session.Close(TimeSpan.FromSeconds(5)));
        var spill = File.ReadAllText(db.Path + ".spill");
        Assert.That(spill, Does.Contain("O-2").And.Contain("O-3"));
    }
}
