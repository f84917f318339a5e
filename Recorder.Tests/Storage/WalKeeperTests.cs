using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// While the file is being closed, the writer's idle moments empty a large log as soon as no reader is in it, never
/// waiting for one, so that the connection's close does not delete tens of megabytes.
/// </summary>
[TestFixture]
public sealed class WalKeeperTests
{
    private const int PageBytes = 8192;

    [Test]
    public void A_closing_writer_empties_a_large_log_once_no_reader_is_in_it_without_waiting_for_one()
    {
        using var db = new TempDatabase();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
        using var connection = DatabaseFile.OpenForWriting(db.Path, time);
        var ownWrites = 0;
        var wal = new WalKeeper(connection, db.Path, new RecorderOptions { Time = time }, _ => { }, (c, write) =>
        {
            ownWrites++;
            write();
        });
        connection.Execute("CREATE TABLE filler(x BLOB)");
        var rows = (int)(WalKeeper.EmptyAtCloseBytes / PageBytes) + 100;
        Write(connection, rows);
        Assert.That(wal.WalBytes, Is.GreaterThan(WalKeeper.EmptyAtCloseBytes));

        // A reader in the log (a run's end analysis reading its snapshot): the log stays, and the writer goes on.
        using var reader = DatabaseFile.OpenForReading(db.Path);
        using (var read = reader.BeginTransaction(deferred: true))
        {
            Assert.That(reader.ExecuteScalar<long>("SELECT count(*) FROM filler", transaction: read), Is.EqualTo(rows));
            wal.Closing();
            Assert.That(wal.WalBytes, Is.GreaterThan(WalKeeper.EmptyAtCloseBytes), "a reader is in the log: it is not emptied");
            wal.Closing();
            Assert.That(wal.WalBytes, Is.GreaterThan(WalKeeper.EmptyAtCloseBytes), "tried again, the reader still in it");
        }

        // The reader gone, the next idle moment empties it, as a write of the writer's own (other connections' data_version moves).
        var before = ownWrites;
        wal.Closing();
        Assert.That(wal.WalBytes, Is.Zero, "the log is emptied");
        Assert.That(ownWrites, Is.GreaterThan(before), "the truncating checkpoint ran as the writer's own write");
        Assert.That(reader.ExecuteScalar<long>("SELECT count(*) FROM filler"), Is.EqualTo(rows), "every row is in the file");
    }

    [Test]
    public void A_closing_writer_leaves_a_small_log_to_the_close()
    {
        using var db = new TempDatabase();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
        using var connection = DatabaseFile.OpenForWriting(db.Path, time);
        var ownWrites = 0;
        var wal = new WalKeeper(connection, db.Path, new RecorderOptions { Time = time }, _ => { }, (c, write) =>
        {
            ownWrites++;
            write();
        });
        connection.Execute("CREATE TABLE filler(x BLOB)");
        Write(connection, 100);
        var bytes = wal.WalBytes;
        Assert.That(bytes, Is.GreaterThan(0).And.LessThanOrEqualTo(WalKeeper.EmptyAtCloseBytes));

        wal.Closing();
        Assert.That(wal.WalBytes, Is.EqualTo(bytes), "a small log is the close's to delete");
        Assert.That(ownWrites, Is.Zero, "no checkpoint was run");
    }

    // One commit of `rows` rows of about a page each.
    private static void Write(SqliteConnection connection, int rows) =>
        WriteTransaction.Run(connection, () => connection.Execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @rows) INSERT INTO filler SELECT randomblob(@bytes) FROM n",
            new { bytes = PageBytes - 200, rows }));
}
