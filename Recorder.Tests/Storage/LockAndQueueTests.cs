using System.Diagnostics;
using Dapper;
using NUnit.Framework;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

[TestFixture]
public sealed class LockAndQueueTests
{
    [TearDown]
    public void CloseSessions() => WriterClock.CloseFollowed();

    private static RecorderSession StartedSession(TempDatabase db, Scenario s, RecorderOptions? options = null)
    {
        var session = RecorderSession.Open(db.Path, options);
        if (options?.Time is FakeClock clock)
        {
            WriterClock.Follow(clock, session);
        }

        foreach (var e in s.Start())
        {
            session.Record(e);
        }

        Assert.That(session.Flush(TimeSpan.FromSeconds(10)).Completed, Is.True);
        return session;
    }

    /// <summary>Holds the write lock like DB Browser with unsaved edits, until disposed.</summary>
    private sealed class WriteLock : IDisposable
    {
        private readonly Microsoft.Data.Sqlite.SqliteConnection connection;

        public WriteLock(string path)
        {
            connection = SchemaTests.Raw(path);
            connection.Execute("BEGIN IMMEDIATE; UPDATE schema_meta SET value = value WHERE key = 'created_utc';");
        }

        public void Dispose()
        {
            connection.Execute("ROLLBACK;");
            connection.Dispose();
        }
    }

    [Test]
    public void Another_program_holding_the_write_lock_for_5_s_loses_nothing_and_does_not_block_the_producer()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var clock = new FakeClock(Scenario.T0);
        var messages = new MessageLog(clock);
        using var session = StartedSession(db, s, new RecorderOptions { Time = clock, Diagnostics = messages.Add });
        const int Recorded = 3000;
        long slowestRecordTicks = 0;
        using (new WriteLock(db.Path))
        {
            for (var i = 0; i < Recorded; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                Assert.That(session.Record(s.Bar(i)), Is.True);
                slowestRecordTicks = Math.Max(slowestRecordTicks, Stopwatch.GetTimestamp() - t0);
            }

            // The batch comes due, the writer finds the file locked and waits for its next attempt; the other program
            // keeps the lock for 5 s of the writer's clock, through several attempts.
            WriterClock.MoveUntil(clock, () => messages.Has(m => m.StartsWith("write failed, will retry", StringComparison.Ordinal)));
            clock.Advance(TimeSpan.FromSeconds(5));
            var during = session.Counters;
            Assert.That(during.Committed, Is.EqualTo(4), "nothing can be committed while the lock is held");
            Assert.That(during.QueueDepth, Is.EqualTo(Recorded));
            Assert.That(during.OldestUncommittedAge, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(5)));
        }

        Assert.That(TimeSpan.FromTicks(slowestRecordTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency), Is.LessThan(TimeSpan.FromSeconds(1)),
            "Record never waits for the lock");
        var flushed = WriterClock.Flush(session, clock);
        Assert.That(flushed.Completed, Is.True, flushed.Message);
        Assert.That(session.Counters.Retried, Is.GreaterThan(0));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars"), Is.EqualTo(Recorded));
    }

    [Test]
    public void A_long_open_reader_does_not_stop_writes()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        using var session = StartedSession(db, s);
        using var reader = Db.Read(db.Path);
        reader.Execute("BEGIN TRANSACTION;");
        var before = reader.ExecuteScalar<long>("SELECT COUNT(*) FROM bars");

        for (var i = 0; i < 500; i++)
        {
            session.Record(s.Bar(i));
        }

        var flushed = session.Flush(TimeSpan.FromSeconds(10));
        Assert.That(flushed.Completed, Is.True, flushed.Message);
        Assert.That(reader.ExecuteScalar<long>("SELECT COUNT(*) FROM bars"), Is.EqualTo(before), "the reader keeps its snapshot");
        reader.Execute("COMMIT;");
        Assert.That(reader.ExecuteScalar<long>("SELECT COUNT(*) FROM bars"), Is.EqualTo(500));
    }

    [Test]
    public void Live_events_that_find_the_queue_full_overflow_in_order_and_are_all_written()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Live);
        var clock = new FakeClock(Scenario.T0);
        using var session = StartedSession(db, s, new RecorderOptions { QueueCapacity = 8, MaxBatchSize = 64, Time = clock });
        using (new WriteLock(db.Path))
        {
            for (var i = 0; i < 3000; i++)
            {
                Assert.That(session.Record(s.Bar(i)), Is.True);
            }

            Assert.That(session.Counters.Overflowed, Is.GreaterThan(2900));
        }

        Assert.That(WriterClock.Flush(session, clock).Completed, Is.True);
        // Each batch's stretch names the bars it stored: its first bar's sequence, its last's and their count.
        var stretches = Db.Query<(long First, long Last, long Count)>(db.Path, """
            SELECT sequence, json_extract(payload_json, '$.last_sequence'), json_extract(payload_json, '$.bar_count')
            FROM ingest_events WHERE event_type = 'BARS_STORED' ORDER BY id
            """);
        var sequences = stretches.SelectMany(r => Enumerable.Range((int)r.First, (int)r.Count).Select(i => (long)i)).ToList();
        Assert.That(stretches.Select(r => r.Last - r.First + 1), Is.EqualTo(stretches.Select(r => r.Count)), "a stretch's bars came one after the other");
        Assert.That(sequences, Is.EqualTo(Enumerable.Range(5, 3000).Select(i => (long)i)), "written in arrival order");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars"), Is.EqualTo(3000));
    }

    [Test]
    public void Backtest_events_wait_for_room_instead_of_overflowing()
    {
        using var db = new TempDatabase();
        var s = new Scenario(source: RunSource.Backtest);
        var clock = new FakeClock(Scenario.T0);
        using var session = StartedSession(db, s, new RecorderOptions { QueueCapacity = 8, MaxBatchSize = 8, Time = clock });
        Thread producer;
        using (new WriteLock(db.Path))
        {
            producer = Threads.StartAndWaitUntilBlocked(() =>
            {
                for (var i = 0; i < 2000; i++)
                {
                    session.Record(s.Bar(i));
                }
            }, reached: () => session.Counters.QueueDepth >= 8);
            Assert.That(producer.IsAlive, Is.True, "the producer waits while the queue is full");
            Assert.That(session.Counters.Received, Is.LessThan(2000 + 5));
            Assert.That(session.Counters.QueueDepth, Is.LessThanOrEqualTo(8 + 8 + 1));
        }

        // Released: the writer's next attempt (on its clock) makes room, and the producer goes on to its end.
        Assert.That(WriterClock.WhileMoving(clock, () => producer.Join(TimeSpan.FromSeconds(60))), Is.True);
        Assert.That(WriterClock.Flush(session, clock).Completed, Is.True);
        Assert.That(session.Counters.Overflowed, Is.Zero);
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars"), Is.EqualTo(2000));
    }

    [Test]
    public void Flush_returns_within_its_time_and_says_what_is_pending()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var clock = new FakeClock(Scenario.T0);
        using var session = StartedSession(db, s, new RecorderOptions { Time = clock });
        using (new WriteLock(db.Path))
        {
            session.Record(s.Bar(0));
            var started = clock.GetTimestamp();
            var returned = TimeSpan.Zero;
            var result = WriterClock.WhileMoving(clock, () =>
            {
                var flushed = session.Flush(TimeSpan.FromMilliseconds(300));
                returned = clock.GetElapsedTime(started);
                return flushed;
            }, budget: TimeSpan.FromMilliseconds(300), onClock: true);
            Assert.That(returned, Is.EqualTo(TimeSpan.FromMilliseconds(300)), "it returns when its time is up, not later");
            Assert.That(result.Completed, Is.False);
            Assert.That(result.Pending, Is.EqualTo(1));
            Assert.That(result.Message, Does.Contain("1 event(s) not written"));
        }

        Assert.That(WriterClock.Flush(session, clock).Completed, Is.True);
    }

    [Test]
    public void Close_drains_once_and_later_calls_return_the_same_result()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var session = StartedSession(db, s);
        session.Record(s.Bar(0));
        var first = session.Close(TimeSpan.FromSeconds(10));
        Assert.That(first.Completed, Is.True);
        Assert.That(session.Close(TimeSpan.FromSeconds(10)), Is.SameAs(first));
        Assert.That(session.Record(s.Bar(1)), Is.False, "a closed handle takes nothing");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars"), Is.EqualTo(1));
    }

    [Test]
    public void Recorders_naming_the_same_file_share_one_writer_until_the_last_closes()
    {
        using var db = new TempDatabase();
        var a = new Scenario();
        var b = new Scenario(strategy: "Second");
        var first = RecorderSession.Open(db.Path);
        var second = RecorderSession.Open(Path.Combine(db.Folder, ".", Path.GetFileName(db.Path)));
        foreach (var e in a.Start())
        {
            first.Record(e);
        }

        foreach (var e in b.Start())
        {
            second.Record(e);
        }

        Assert.That(first.Flush(TimeSpan.FromSeconds(10)).Completed, Is.True);
        Assert.That(second.Counters.Received, Is.EqualTo(8), "one writer counts both recorders' events");
        first.Close(TimeSpan.FromSeconds(10));
        Assert.That(second.Record(b.Bar(0)), Is.True, "the writer lives on for the other recorder");
        Assert.That(second.Close(TimeSpan.FromSeconds(10)).Completed, Is.True);
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM strategy_runs"), Is.EqualTo(2));
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars"), Is.EqualTo(1));
    }
}

[TestFixture]
public sealed class ShutdownReportTests
{
    [TearDown]
    public void CloseSessions() => WriterClock.CloseFollowed();

    [Test]
    public void Closing_while_another_program_holds_the_lock_returns_in_time_and_reports_what_was_not_written()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var clock = new FakeClock(Scenario.T0);
        var messages = new MessageLog(clock);
        var session = WriterClock.Follow(clock, RecorderSession.Open(db.Path, new RecorderOptions { Time = clock, Diagnostics = messages.Add }));
        foreach (var e in s.Start())
        {
            session.Record(e);
        }

        Assert.That(session.Flush(TimeSpan.FromSeconds(10)).Completed, Is.True);
        using var holder = SchemaTests.Raw(db.Path);
        holder.Execute("BEGIN IMMEDIATE; UPDATE schema_meta SET value = value WHERE key = 'created_utc';");
        session.Record(s.Bar(0));
        var started = clock.GetTimestamp();
        var returned = TimeSpan.Zero;

        var result = WriterClock.WhileMoving(clock, () =>
        {
            var closed = session.Close(TimeSpan.FromSeconds(1));
            returned = clock.GetElapsedTime(started);
            return closed;
        }, budget: TimeSpan.FromSeconds(1), onClock: true);

        Assert.That(returned, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(1)), "within its budget");
        Assert.That(result.Completed, Is.False);
        Assert.That(result.Pending, Is.EqualTo(1));
        Assert.That(messages.Snapshot(), Has.Some.StartsWith("closing: ").And.Some.Contains("not written"));
        holder.Execute("ROLLBACK;");
    }
}
