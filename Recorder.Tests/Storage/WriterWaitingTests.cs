using System.Runtime.CompilerServices;
using NUnit.Framework;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// Waits on the writer are each woken on their own: a wait whose time is up returns without waking the others, and a
/// wait is woken once what it waits for is written.
/// </summary>
[TestFixture]
public sealed class WriterWaitingTests
{
    [TearDown]
    public void CloseSessions() => WriterClock.CloseFollowed();

    [Test]
    public void A_flush_whose_time_is_up_returns_alone_and_the_flush_waiting_beside_it_returns_once_its_events_are_written()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var clock = new FakeClock(Scenario.T0);
        var session = WriterClock.Follow(clock, RecorderSession.Open(db.Path, new RecorderOptions { Time = clock }));
        foreach (var e in s.Start())
        {
            session.Record(e);
        }

        Assert.That(WriterClock.Flush(session, clock).Completed, Is.True);
        using var holder = OtherProgram.HoldingWriteLock(db.Path);
        session.Record(s.Bar(0));

        // The longer flush waits on the clock (its budget's timer armed) before the shorter one starts.
        // Its result is kept before the clock is pulsed, so the test's wait for it below learns at once that it returned.
        var longer = new StrongBox<FlushResult?>();
        var flusher = new StrongBox<Thread?>();
        var waiting = Threads.StartAndWaitUntilBlocked(() =>
        {
            flusher.Value = Thread.CurrentThread;
            try
            {
                Volatile.Write(ref longer.Value, session.Flush(WriterClock.Unbounded));
            }
            finally
            {
                clock.Pulse();
            }
        }, () => flusher.Value is { } thread && clock.Waits(thread));
        Assert.That(waiting.IsAlive, Is.True, "the bar cannot be written behind the other program's lock");

        var shorter = WriterClock.WhileMoving(clock, () => session.Flush(TimeSpan.FromMilliseconds(300)),
            budget: TimeSpan.FromMilliseconds(300), onClock: true);
        Assert.That(shorter.Completed, Is.False);
        Assert.That(shorter.Pending, Is.EqualTo(1));
        Assert.That(waiting.IsAlive, Is.True, "the longer flush still waits: its time is not up and its bar is not written");

        holder.Release();
        WriterClock.MoveUntil(clock, () => Volatile.Read(ref longer.Value) is not null);
        Assert.That(longer.Value!.Completed, Is.True, longer.Value.Message);
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars"), Is.EqualTo(1));
    }

    [Test]
    public void A_close_waits_for_a_reading_still_leased_so_that_the_file_is_whole_on_its_own_when_it_returns()
    {
        // The last connection to close tidies the -wal and -shm files away. A reading still under way when the writer's
        // own connection closed kept them beside the file until it ended: a copy of the file alone missed the log.
        using var db = new TempDatabase();
        var clock = new FakeClock(Scenario.T0);
        var reading = LeasedAtTheClose(db, clock, out var closing, out var closed);

        reading.Dispose();
        Assert.That(closing.Join(TimeSpan.FromSeconds(60)), Is.True);
        Assert.That(closed.Value!.Completed, Is.True, closed.Value.Message);
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(db.Path)!, Path.GetFileName(db.Path) + "-*"), Is.Empty,
            "no -wal or -shm beside the file once the close returned");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars"), Is.EqualTo(1));
    }

    [Test]
    public void A_reading_never_given_back_holds_the_close_only_for_the_readings_grace()
    {
        using var db = new TempDatabase();
        var clock = new FakeClock(Scenario.T0);
        using var reading = LeasedAtTheClose(db, clock, out var closing, out var closed);

        clock.Advance(Writer.ReadingsGrace);
        Assert.That(closing.Join(TimeSpan.FromSeconds(60)), Is.True, "the grace is over: the close goes on");
        Assert.That(closed.Value!.Completed, Is.True, closed.Value.Message);
        Assert.That(File.Exists(db.Path + "-wal"), Is.True, "the reading's connection still holds the log");
    }

    // A run recorded and ended, a reading leased from the writer's connections, and the file's close started on a thread
    // of its own: returned once that close, past the loop's stop, waits on the clock for the reading (its budget's other
    // waits end a day from now, the wait for the readings within their grace).
    private static ReadConnections.Lease LeasedAtTheClose(TempDatabase db, FakeClock clock, out Thread closing, out StrongBox<FlushResult?> closed)
    {
        var s = new Scenario();
        var session = RecorderSession.Open(db.Path, new RecorderOptions { Time = clock });
        foreach (var e in s.Start().Append(s.Bar(0)).Append(s.End()))
        {
            session.Record(e);
        }

        var reading = session.Readings.Open();
        var result = closed = new StrongBox<FlushResult?>();
        var closer = new StrongBox<Thread?>();
        closing = Threads.StartAndWaitUntilBlocked(() =>
        {
            closer.Value = Thread.CurrentThread;
            result.Value = session.Close(WriterClock.Unbounded);
        }, () => session.WriterExited && closer.Value is { } thread && clock.Waits(thread, Writer.ReadingsGrace));
        Assert.That(closing.IsAlive, Is.True, "the close waits for the reading");
        return reading;
    }
}
