using NUnit.Framework;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// The writer's log is copied into the file beside it while it records (<see cref="LogCopier"/>): once its commits have
/// added a copy's pages (<see cref="LogCopier.Pages"/>; fewer here, <see cref="RecorderOptions.LogCopyPages"/>), a
/// checkpoint on a reading connection, so that a close finds little left to copy; fewer pages are left to the close.
/// </summary>
[TestFixture]
public sealed class LogCopierTests
{
    private const int PageBytes = 8192;

    // A copy's pages here: 20,000 bars write about 200.
    private const int CopyPages = 32;

    [TearDown]
    public void CloseSessions() => WriterClock.CloseFollowed();

    [Test]
    public void A_long_log_is_copied_into_the_file_while_the_writer_records_and_the_closed_file_holds_every_bar()
    {
        // Several copies' worth of pages, far below SQLite's own checkpoint at 4,000.
        const int bars = 20_000;
        using var db = new TempDatabase();
        var clock = new FakeClock(Scenario.T0);
        var session = WriterClock.Follow(clock, RecorderSession.Open(db.Path, new RecorderOptions { Time = clock, LogCopyPages = CopyPages }));
        var fileBefore = new FileInfo(db.Path).Length;
        var s = new Scenario(source: RunSource.Backtest);
        foreach (var e in s.Start().Concat(Enumerable.Range(0, bars).Select(m => s.Bar(m, close: 5000 + (m % 9)))))
        {
            Assert.That(session.Record(e), Is.True);
        }

        Assert.That(WriterClock.Flush(session, clock).Completed, Is.True);
        Assert.That(session.LogCopier.Running.Wait(TimeSpan.FromSeconds(60)), Is.True, "the copy under way ends");
        Assert.That(session.LogCopier.Started, Is.GreaterThanOrEqualTo(1), "copied while recording");
        // The pages copied are in the file itself, not only in its log.
        Assert.That(new FileInfo(db.Path).Length - fileBefore, Is.GreaterThanOrEqualTo((long)CopyPages * PageBytes), "the file grew by a copy's pages at least");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM market_bars"), Is.EqualTo(bars), "another connection reads every bar meanwhile");

        Assert.That(WriterClock.WhileMoving(clock, () => session.Close(WriterClock.Unbounded), onClock: true).Completed, Is.True);
        Assert.That(session.Readings.Leased, Is.Zero, "each copy's reading connection was given back before the file closed");
        Assert.That(File.Exists(db.Path + "-wal"), Is.False, "the file's close removed the log");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM market_bars"), Is.EqualTo(bars));
        Assert.That(Db.Scalar<string>(db.Path, "PRAGMA integrity_check"), Is.EqualTo("ok"));
    }

    [Test]
    public void A_short_log_is_left_to_the_close()
    {
        using var db = new TempDatabase();
        var clock = new FakeClock(Scenario.T0);
        var session = WriterClock.Follow(clock, RecorderSession.Open(db.Path, new RecorderOptions { Time = clock, LogCopyPages = CopyPages }));
        var s = new Scenario(source: RunSource.Backtest);
        foreach (var e in s.Start().Concat(Enumerable.Range(0, 100).Select(m => s.Bar(m))).Append(s.End(at: 100 * 60)))
        {
            Assert.That(session.Record(e), Is.True);
        }

        Assert.That(WriterClock.WhileMoving(clock, () => session.Close(WriterClock.Unbounded), onClock: true).Completed, Is.True);
        Assert.That(session.LogCopier.Started, Is.Zero, "fewer pages than a copy's");
        Assert.That(File.Exists(db.Path + "-wal"), Is.False);
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM market_bars"), Is.EqualTo(100));
    }
}
