using System.Runtime.CompilerServices;
using NUnit.Framework;
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
}
