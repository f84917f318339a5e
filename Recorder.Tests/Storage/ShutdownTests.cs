using NUnit.Framework;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>Closing is first-call-wins per handle, and a file gets a new writer only after the old one has closed.</summary>
[TestFixture]
public sealed class ShutdownTests
{
    [TearDown]
    public void CloseSessions() => WriterClock.CloseFollowed();

    [Test]
    public void Two_concurrent_closes_of_one_handle_release_it_once_and_the_other_handle_keeps_writing()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        using var other = RecorderSession.Open(db.Path);
        var handle = RecorderSession.Open(db.Path);
        foreach (var e in s.Start())
        {
            handle.Record(e);
        }

        using var start = new Barrier(2);
        var closes = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            return handle.Close(TimeSpan.FromSeconds(30));
        })).ToArray();
        Task.WaitAll(closes);

        Assert.That(closes.Select(c => c.Result.Completed), Is.All.True);
        Assert.That(other.Record(s.Bar(0)), Is.True, "the other handle is still open");
        Assert.That(other.Flush(TimeSpan.FromSeconds(30)).Completed, Is.True);
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars"), Is.EqualTo(1));
    }

    [Test]
    public void Opening_a_file_whose_writer_is_closing_waits_for_that_close_to_finish()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var clock = new FakeClock(Scenario.T0);
        var first = WriterClock.Follow(clock, RecorderSession.Open(db.Path, new RecorderOptions { Time = clock }));
        foreach (var e in s.Start())
        {
            first.Record(e);
        }

        Assert.That(first.Flush(TimeSpan.FromSeconds(30)).Completed, Is.True);
        using var holder = OtherProgram.HoldingWriteLock(db.Path);
        first.Record(s.Bar(0));

        FlushResult? closed = null;
        var closing = Threads.StartAndWaitUntilBlocked(() => closed = first.Close(TimeSpan.FromSeconds(30)));
        Assert.That(closing.IsAlive, Is.True, "the close drains behind the foreign lock");
        RecorderSession? second = null;
        long barsWhenOpened = -1;
        var opening = Threads.StartAndWaitUntilBlocked(() =>
        {
            second = RecorderSession.Open(db.Path);
            // What the old writer had committed when the new one could start: all of it, if it had closed first.
            barsWhenOpened = Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars");
        });
        Assert.That(opening.IsAlive, Is.True, "the new writer waits while the old one still closes");
        Assert.That(closing.IsAlive, Is.True);

        holder.Release();
        // The old writer's next attempt (on its clock) drains it; the new one opens once it has closed.
        Assert.That(WriterClock.WhileMoving(clock, () => closing.Join(TimeSpan.FromSeconds(60)) && opening.Join(TimeSpan.FromSeconds(60))), Is.True);
        Assert.That(closed!.Completed, Is.True, closed.Message);
        using (var opened = second!)
        {
            Assert.That(barsWhenOpened, Is.EqualTo(1), "the new writer started after the old one had drained and closed");
            Assert.That(opened.Record(s.Bar(1)), Is.True);
            Assert.That(opened.Flush(TimeSpan.FromSeconds(30)).Completed, Is.True);
        }

        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars"), Is.EqualTo(2));
    }
}
