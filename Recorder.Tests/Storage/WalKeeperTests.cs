using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// While the file is being closed, the idle writer empties a log past <see cref="WalKeeper.CloseEmptyBytes"/> at once,
/// whatever the size limit, so that the file's close does not free it while the author waits; a reader that holds
/// the log fails a few attempts, and the log is kept until it leaves.
/// </summary>
[TestFixture]
public sealed class WalKeeperTests
{
    private const int PageBytes = 8192;

    // Past 8 MiB of log: about 1,100 pages of 8 KiB.
    private const int Pages = 1_100;

    [Test]
    public void A_closing_writer_empties_a_log_past_eight_mib_at_once_and_an_open_one_leaves_it_to_the_limit()
    {
        using var db = new TempDatabase();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero));
        using var connection = DatabaseFile.OpenForWriting(db.Path, time);
        var wal = new WalKeeper(connection, db.Path, new RecorderOptions { Time = time }, _ => { });
        connection.Execute("CREATE TABLE filler(x BLOB)");

        Write(connection, wal, Pages);
        wal.Idle();
        Assert.That(wal.WalBytes, Is.GreaterThan(WalKeeper.CloseEmptyBytes), "open: below the 64 MiB limit, the log stays");

        Write(connection, wal, 10);
        wal.Idle(closing: true);
        Assert.That(wal.WalBytes, Is.Zero, "closing: emptied at once, within the second the open writer waits between attempts");
        Assert.That(connection.ExecuteScalar<long>("SELECT COUNT(*) FROM filler"), Is.EqualTo(Pages + 10));
    }

    [Test]
    public void A_reader_that_holds_the_log_fails_three_attempts_of_a_close_and_leaves_the_log_to_the_files_close()
    {
        using var db = new TempDatabase();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero));
        using var connection = DatabaseFile.OpenForWriting(db.Path, time);
        var wal = new WalKeeper(connection, db.Path, new RecorderOptions { Time = time }, _ => { });
        connection.Execute("CREATE TABLE filler(x BLOB)");
        Write(connection, wal, Pages);
        var logged = wal.WalBytes;

        using (var reader = OtherProgram.Open(db.Path))
        {
            reader.Execute("BEGIN; SELECT COUNT(*) FROM filler;");
            for (var attempt = 0; attempt < 3; attempt++)
            {
                wal.Idle(closing: true);
                Assert.That(wal.WalBytes, Is.EqualTo(logged), $"attempt {attempt + 1}: the reader keeps the log");
            }

            reader.Execute("COMMIT;");
        }

        // Three attempts spent, the close's rule is over: the open writer's applies (below the 64 MiB limit the log stays),
        // and the file's close deletes the log.
        wal.Idle(closing: true);
        time.Advance(TimeSpan.FromSeconds(1));
        wal.Idle(closing: true);
        Assert.That(wal.WalBytes, Is.EqualTo(logged), "left to the file's close");
        connection.Dispose();
        Assert.That(File.Exists(db.Path + "-wal"), Is.False, "the file's close deleted the log");
        Assert.That(Db.Scalar<long>(db.Path, "SELECT COUNT(*) FROM filler"), Is.EqualTo(Pages));
    }

    // One commit of about `pages` pages.
    private static void Write(SqliteConnection connection, WalKeeper wal, int pages)
    {
        WriteTransaction.Run(connection, () => connection.Execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @pages) INSERT INTO filler SELECT randomblob(@bytes) FROM n",
            new { bytes = PageBytes - 200, pages }));
        wal.Wrote();
    }
}
