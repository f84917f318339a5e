using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// An idle writer syncs what it left unsynced once the window is up; while the file is being closed it checkpoints at
/// once a log that holds many pages since its last checkpoint, so that the close's own checkpoint copies only what
/// follows (a backtest's end analysis is computed meanwhile).
/// </summary>
[TestFixture]
public sealed class DurableCommitsTests
{
    [Test]
    public void A_closing_writer_checkpoints_a_log_of_many_pages_when_idle_and_leaves_a_short_one_to_the_window()
    {
        using var db = new TempDatabase();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
        using var connection = DatabaseFile.OpenForWriting(db.Path, time);
        var durable = new DurableCommits(connection, new RecorderOptions { Time = time }, closeSyncPages: 50);
        LogPages.CreateTable(connection);
        Assert.That(durable.Idle(closing: true), Is.False, "every commit synced: nothing to do");

        Write(connection, durable, pages: 10);
        Assert.That(durable.Idle(closing: true), Is.False, "a short log waits for the window");
        var before = new FileInfo(db.Path).Length;

        Write(connection, durable, pages: 60);
        Assert.That(durable.Idle(), Is.False, "not closing, and the window is not up");
        Assert.That(new FileInfo(db.Path).Length, Is.EqualTo(before), "nothing copied into the file yet");

        Assert.That(durable.Idle(closing: true), Is.True, "closing with 70 pages in the log");
        Assert.That(new FileInfo(db.Path).Length, Is.GreaterThanOrEqualTo(before + (60 * LogPages.PageBytes)), "the log's pages are in the file");
        Assert.That(durable.Idle(closing: true), Is.False, "nothing written since");

        // The window still syncs a short log, closing or not.
        Write(connection, durable, pages: 5);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(durable.Idle(), Is.True);
    }

    // One unsynced commit of about `pages` pages, as a backtest's batch is.
    private static void Write(Microsoft.Data.Sqlite.SqliteConnection connection, DurableCommits durable, int pages)
    {
        durable.Before([], fromSpill: false);
        LogPages.Write(connection, pages);
        durable.Committed();
    }
}
