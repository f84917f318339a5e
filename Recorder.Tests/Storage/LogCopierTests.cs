using System.Collections.Concurrent;
using Dapper;
using NUnit.Framework;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
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
        // Several copies' worth of pages, far below SQLite's own checkpoint at 4,000, recorded in steps: each step's commits
        // start a copy, and the test waits for it before the next step.
        const int bars = 20_000;
        const int steps = 5;
        using var db = new TempDatabase();
        var clock = new FakeClock(Scenario.T0);
        // The writer's own checkpoints kept out of the way, so that what reached the file was copied beside the writer: no
        // sync window that ends while a flush moves the clock (the log is well below the size limit it empties at). And
        // no analysis while the backtest records: its read snapshot, taken once the clock passed the interval, would hold
        // the copy back (a checkpoint copies no frame a reader may still need).
        var session = WriterClock.Follow(clock, RecorderSession.Open(db.Path, new RecorderOptions
        {
            Time = clock, LogCopyPages = CopyPages, BacktestAnalysisInterval = null, UnsyncedWindow = WriterClock.Unbounded,
        }));
        var fileBefore = new FileInfo(db.Path).Length;
        var s = new Scenario(source: RunSource.Backtest);
        var events = s.Start().Concat(Enumerable.Range(0, bars).Select(m => s.Bar(m, close: 5000 + (m % 9)))).ToList();
        foreach (var step in events.Chunk((events.Count + steps - 1) / steps))
        {
            foreach (var e in step)
            {
                Assert.That(session.Record(e), Is.True);
            }

            Assert.That(WriterClock.Flush(session, clock).Completed, Is.True);
            Assert.That(session.LogCopier.Running.Wait(TimeSpan.FromSeconds(60)), Is.True, "the copy under way ends");
        }

        // The steps' commits add up to several copies' pages (three copies start in this test, as the writer counts them);
        // any one copy may be kept from finishing (a reader's snapshot), and leaves its pages to the next.
        Assert.That(session.LogCopier.Started, Is.GreaterThanOrEqualTo(2), "copied while recording");
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

    [Test]
    public void A_copy_is_counted_as_a_lease_on_the_writers_thread_and_opens_its_connection_on_another()
    {
        using var db = new TempDatabase();
        using var writing = DatabaseFile.OpenForWriting(db.Path, TimeProvider.System);
        using var opening = new ManualResetEventSlim();
        var openedOn = new ConcurrentQueue<int>();
        using var readings = new ReadConnections(db.Path, connect: text =>
        {
            openedOn.Enqueue(Environment.CurrentManagedThreadId);
            Assert.That(opening.Wait(TimeSpan.FromSeconds(60)), Is.True);
            return DatabaseFile.NewConnection(text);
        });
        var copier = new LogCopier(writing, readings, db.Path, pages: 1);
        writing.Execute("CREATE TABLE filler(x BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8) INSERT INTO filler SELECT zeroblob(8192) FROM n;");

        copier.Committed();

        // The writer's thread (here the test's) went on while the copy waits to open its connection: the lease is counted
        // already, so a close of the writer would wait for it.
        Assert.That(readings.Leased, Is.EqualTo(1), "counted before Committed returned");
        Assert.That(copier.Running.IsCompleted, Is.False, "its connection is not open yet");
        opening.Set();
        Assert.That(copier.Running.Wait(TimeSpan.FromSeconds(60)), Is.True);
        Assert.That(copier.Started, Is.EqualTo(1));
        Assert.That(openedOn, Has.Count.EqualTo(1));
        Assert.That(openedOn, Has.No.Member(Environment.CurrentManagedThreadId), "opened on the thread pool, not the writer's thread");
        Assert.That(readings.Leased, Is.Zero, "given back");
        Assert.That(readings.Idle, Is.EqualTo(1), "and kept for the next copy");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM filler"), Is.EqualTo(8));
    }
}
