using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// The disk is full when the recorder closes (a real tmpfs mounted by the test): the close says where the events it
/// could not write are, and the stored run says what happened to it — never RUNNING as after a clean close.
/// </summary>
[TestFixture]
[NonParallelizable] // one test points TMPDIR, which is the whole process's, at a full disk while it closes
[Category("LinuxRoot")]
public sealed class UnwrittenAtCloseTests
{
    private const int Orders = 3000;

    [TearDown]
    public void CloseSessions() => WriterClock.CloseFollowed();

    [Test]
    public void Events_a_full_disk_kept_from_the_file_at_close_are_in_the_spill_file_and_the_next_open_ends_the_run_as_recorded()
    {
        using var disk = SmallDisk.Mount(megabytes: 16);
        var path = Path.Combine(disk.Path, "recorder.db");
        var s = new Scenario();
        var clock = new FakeClock(Scenario.T0);
        var messages = new MessageLog(clock);
        var filler = RecordOnAFullDisk(path, s, disk, messages, clock, out var closed);

        Assert.That(closed.Completed, Is.False);
        Assert.That(closed.Pending, Is.GreaterThan(0));
        Assert.That(closed.Message, Does.Contain("kept in the spill file").And.Contain(Path.GetTempPath()), closed.Message);
        Assert.That(closed.Message, Does.Not.Contain("lost"));
        Assert.That(messages.Snapshot(), Has.Some.Contains("kept in the spill file"), "the log says it too");
        Assert.That(Db.Scalar<string>(path, "SELECT status FROM strategy_runs"), Is.EqualTo("RUNNING"),
            "its end is in the spill file, not yet in the file");

        File.Delete(filler);
        using (var next = WriterClock.Follow(clock, RecorderSession.Open(path, new RecorderOptions { Time = clock })))
        {
            Assert.That(WriterClock.Flush(next, clock).Completed, Is.True);
        }

        Assert.That(Db.Scalar<string>(path, "SELECT status FROM strategy_runs"), Is.EqualTo("COMPLETED"), "the spill file held the run's end");
        Assert.That(Db.Scalar<long>(path, "SELECT COUNT(*) FROM orders"), Is.EqualTo(Orders), "no event was lost");
    }

    [Test]
    public void Events_lost_at_close_because_no_spill_file_could_be_written_leave_the_run_ABANDONED_at_the_next_open()
    {
        using var disk = SmallDisk.Mount(megabytes: 16);
        using var temp = SmallDisk.Mount(megabytes: 1);
        temp.Fill();
        var path = Path.Combine(disk.Path, "recorder.db");
        var s = new Scenario();
        var clock = new FakeClock(Scenario.T0);
        var messages = new MessageLog(clock);
        string filler;
        FlushResult closed;
        var tmp = Environment.GetEnvironmentVariable("TMPDIR");
        // The spill file's second place is the temp folder: a full disk too, so no spill file can be written anywhere.
        Environment.SetEnvironmentVariable("TMPDIR", temp.Path);
        try
        {
            filler = RecordOnAFullDisk(path, s, disk, messages, clock, out closed);
        }
        finally
        {
            Environment.SetEnvironmentVariable("TMPDIR", tmp);
        }

        Assert.That(closed.Completed, Is.False);
        Assert.That(closed.Message, Does.Contain("lost").And.Contain("ABANDONED").And.Contain(s.RunId), closed.Message);
        Assert.That(closed.Message, Does.Not.Contain("kept in the spill file"));
        using (var reader = RecorderStore.OpenRead(path))
        {
            Assert.That(reader.Health.Check().AbandonedRunIds, Is.EqualTo(new[] { s.RunId }),
                "before the next open, `recorder verify` already sees that nobody holds the run");
        }

        File.Delete(filler);
        using (var next = WriterClock.Follow(clock, RecorderSession.Open(path, new RecorderOptions { Time = clock })))
        {
            Assert.That(WriterClock.Flush(next, clock).Completed, Is.True);
        }

        Assert.That(Db.Scalar<string>(path, "SELECT status FROM strategy_runs"), Is.EqualTo("ABANDONED"), "never RUNNING as if nothing happened");
        Assert.That(Db.Scalar<string>(path, "SELECT error_message FROM strategy_runs"), Does.Contain("closed without writing all its events"));
        Assert.That(Db.Scalar<long>(path, "SELECT COUNT(*) FROM orders"), Is.LessThan(Orders));
    }

    /// <summary>Starts a run, fills the disk, records orders and the run's end, and closes; returns the filler file.</summary>
    private static string RecordOnAFullDisk(string path, Scenario s, SmallDisk disk, MessageLog messages, FakeClock clock, out FlushResult closed)
    {
        var session = WriterClock.Follow(clock, RecorderSession.Open(path, new RecorderOptions { Time = clock, Diagnostics = messages.Add }));
        foreach (var e in s.Start())
        {
            session.Record(e);
        }

        Assert.That(WriterClock.Flush(session, clock).Completed, Is.True);
        var filler = disk.Fill();
        for (var i = 0; i < Orders; i++)
        {
            session.Record(s.Order("O" + i, Side.Buy, 1, at: i));
        }

        session.Record(s.End());
        // The writer meets the full disk and backs off on the test's clock; the close's budget runs out on it too.
        WriterClock.MoveUntil(clock, () => session.Counters.LastError is not null);
        closed = WriterClock.WhileMoving(clock, () => session.Close(TimeSpan.FromSeconds(5)), budget: TimeSpan.FromSeconds(5), onClock: true);
        return filler;
    }
}
