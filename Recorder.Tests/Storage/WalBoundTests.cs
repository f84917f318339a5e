using NUnit.Framework;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>A reader that keeps a snapshot open lets the WAL grow; once it leaves, the WAL shrinks back.</summary>
[TestFixture]
public sealed class WalBoundTests
{
    [TearDown]
    public void CloseSessions() => WriterClock.CloseFollowed();

    private const long Limit = 256 * 1024;

    [Test]
    public void The_WAL_a_long_reader_grew_is_reported_and_shrinks_back_once_the_reader_leaves()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var clock = new FakeClock(Scenario.T0);
        var messages = new MessageLog(clock);
        var options = new RecorderOptions { WalSizeLimitBytes = Limit, WalWarningBytes = 2 * Limit, Diagnostics = messages.Add, Time = clock };
        using var session = WriterClock.Follow(clock, RecorderSession.Open(db.Path, options));
        foreach (var e in s.Start())
        {
            session.Record(e);
        }

        Assert.That(session.Flush(TimeSpan.FromSeconds(30)).Completed, Is.True);
        var reader = OtherProgram.Open(db.Path);
        reader.Execute("BEGIN; SELECT COUNT(*) FROM bars;");
        for (var minute = 0; minute < 24_000; minute++)
        {
            session.Record(s.Bar(minute, 5000 + minute % 13));
        }

        Assert.That(session.Flush(TimeSpan.FromSeconds(60)).Completed, Is.True);
        Assert.That(session.Counters.WalBytes, Is.GreaterThan(4 * Limit), "precondition: the reader held the WAL open");
        // The idle writer tries to give the space back (on its clock) and says why it cannot.
        WriterClock.MoveUntil(clock, () => messages.Has(m => m.Contains("keeps a read open", StringComparison.Ordinal)));

        reader.Execute("COMMIT;");
        reader.Dispose();

        WriterClock.MoveUntil(clock, () => session.Counters.WalBytes <= Limit);
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars"), Is.EqualTo(24_000), "nothing was lost on the way");
    }

    [Test]
    public void The_last_error_is_cleared_once_the_writer_writes_again()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var clock = new FakeClock(Scenario.T0);
        var messages = new MessageLog(clock);
        var options = new RecorderOptions { Time = clock, Diagnostics = messages.Add };
        using var session = WriterClock.Follow(clock, RecorderSession.Open(db.Path, options));
        foreach (var e in s.Start())
        {
            session.Record(e);
        }

        Assert.That(session.Flush(TimeSpan.FromSeconds(30)).Completed, Is.True);
        using (var holder = OtherProgram.HoldingWriteLock(db.Path))
        {
            session.Record(s.Bar(0));
            WriterClock.MoveUntil(clock, () => messages.Has(m => m.StartsWith("write failed, will retry", StringComparison.Ordinal)));
            Assert.That(session.Counters.LastError, Is.Not.Null, "the lock was noticed");
            holder.Release();
        }

        Assert.That(WriterClock.Flush(session, clock).Completed, Is.True);
        Assert.That(session.Counters.LastError, Is.Null);
    }
}
