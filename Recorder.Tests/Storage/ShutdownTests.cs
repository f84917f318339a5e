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
    public void Opening_a_file_whose_last_handle_is_closing_joins_its_writer_and_the_close_becomes_a_flush()
    {
        // An optimisation's next pass opens the file while the previous pass's handle still drains: it goes on with the
        // same writer at once (one writer per file per process), and the old handle's close returns once its own
        // events are written, leaving the writer to the new handle.
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

        // Returns at once: a new writer would have to wait for the old one to stop, behind the same lock.
        using var second = RecorderSession.Open(db.Path);
        Assert.That(closing.IsAlive, Is.True, "the old handle's close still waits for its events");
        Assert.That(second.Record(s.Bar(1)), Is.True);

        holder.Release();
        Assert.That(WriterClock.WhileMoving(clock, () => closing.Join(TimeSpan.FromSeconds(60))), Is.True);
        Assert.That(closed!.Completed, Is.True, closed.Message);
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars"), Is.GreaterThanOrEqualTo(1), "the old handle's bar is written");
        Assert.That(WriterClock.WhileMoving(clock, () => second.Flush(TimeSpan.FromSeconds(30)).Completed), Is.True,
            "the writer goes on for the new handle after the old one closed");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars"), Is.EqualTo(2));
        Assert.That(second.Counters.Received, Is.EqualTo(s.Start().Count() + 2), "one writer took both handles' events");
    }
}
