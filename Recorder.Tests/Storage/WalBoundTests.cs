using NUnit.Framework;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>A reader that keeps a snapshot open lets the WAL grow; once it leaves, the WAL shrinks back.</summary>
[TestFixture]
public sealed class WalBoundTests
{
    private const long Limit = 256 * 1024;

    [Test]
    public void The_WAL_a_long_reader_grew_is_reported_and_shrinks_back_once_the_reader_leaves()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var messages = new MessageLog();
        var options = new RecorderOptions { WalSizeLimitBytes = Limit, WalWarningBytes = 2 * Limit, Diagnostics = messages.Add };
        using var session = RecorderSession.Open(db.Path, options);
        foreach (var e in s.Start())
        {
            session.Record(e);
        }

        Assert.That(session.Flush(TimeSpan.FromSeconds(30)).Completed, Is.True);
        var reader = OtherProgram.Open(db.Path);
        reader.Execute("BEGIN; SELECT COUNT(*) FROM bars;");
        for (var minute = 0; minute < 6000; minute++)
        {
            session.Record(s.Bar(minute, 5000 + minute % 13));
        }

        Assert.That(session.Flush(TimeSpan.FromSeconds(60)).Completed, Is.True);
        Assert.That(session.Counters.WalBytes, Is.GreaterThan(4 * Limit), "precondition: the reader held the WAL open");
        Assert.That(() => messages.Snapshot(), Has.Some.Contains("keeps a read open").After(15_000, 100),
            "a WAL that cannot shrink is reported");

        reader.Execute("COMMIT;");
        reader.Dispose();

        Assert.That(() => session.Counters.WalBytes, Is.LessThanOrEqualTo(Limit).After(15_000, 100),
            "the idle writer gave the space back");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM bars"), Is.EqualTo(6000), "nothing was lost on the way");
    }

    [Test]
    public void The_last_error_is_cleared_once_the_writer_writes_again()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var options = new RecorderOptions
        {
            RetryBaseDelay = TimeSpan.FromMilliseconds(10), RetryMaxDelay = TimeSpan.FromMilliseconds(200),
        };
        using var session = RecorderSession.Open(db.Path, options);
        foreach (var e in s.Start())
        {
            session.Record(e);
        }

        Assert.That(session.Flush(TimeSpan.FromSeconds(30)).Completed, Is.True);
        using (var holder = OtherProgram.HoldingWriteLock(db.Path))
        {
            session.Record(s.Bar(0));
            Assert.That(() => session.Counters.LastError, Is.Not.Null.After(20_000, 100), "the lock was noticed");
            holder.Release();
        }

        Assert.That(session.Flush(TimeSpan.FromSeconds(30)).Completed, Is.True);
        Assert.That(session.Counters.LastError, Is.Null);
    }
}
