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
/// the log fails a few attempts, and the log is then left to the file's close.
/// </summary>
[TestFixture]
public sealed class WalKeeperTests
{
    // Past 8 MiB of log: about 1,100 pages of 8 KiB.
    private const int Pages = 1_100;

    [Test]
    public void A_closing_writer_empties_a_log_past_eight_mib_at_once_and_an_open_one_leaves_it_to_the_limit()
    {
        using var file = new KeptLog();
        var (connection, wal) = (file.Connection, file.Wal);
        file.Write(Pages);
        wal.Idle();
        Assert.That(wal.WalBytes, Is.GreaterThan(WalKeeper.CloseEmptyBytes), "open: below the 64 MiB limit, the log stays");

        file.Write(10);
        wal.Idle(closing: true);
        Assert.That(wal.WalBytes, Is.Zero, "closing: emptied at once, within the second the open writer waits between attempts");
        Assert.That(connection.ExecuteScalar<long>("SELECT COUNT(*) FROM filler"), Is.EqualTo(Pages + 10));
    }

    [Test]
    public void A_reader_that_holds_the_log_fails_three_attempts_of_a_close_and_leaves_the_log_to_the_files_close()
    {
        using var file = new KeptLog();
        var wal = file.Wal;
        file.Write(Pages);
        var logged = wal.WalBytes;

        using (var reader = OtherProgram.Open(file.Path))
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
        file.Time.Advance(TimeSpan.FromSeconds(1));
        wal.Idle(closing: true);
        Assert.That(wal.WalBytes, Is.EqualTo(logged), "left to the file's close");
        file.Connection.Dispose();
        Assert.That(File.Exists(file.Path + "-wal"), Is.False, "the file's close deleted the log");
        Assert.That(Db.Scalar<long>(file.Path, "SELECT COUNT(*) FROM filler"), Is.EqualTo(Pages));
    }

    // A file opened for writing on a fake clock, its log kept by a WalKeeper, and a table to fill it with.
    private sealed class KeptLog : IDisposable
    {
        private readonly TempDatabase db = new();

        public KeptLog()
        {
            Connection = DatabaseFile.OpenForWriting(db.Path, Time);
            Wal = new WalKeeper(Connection, db.Path, new RecorderOptions { Time = Time }, _ => { });
            LogPages.CreateTable(Connection);
        }

        public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero));

        public SqliteConnection Connection { get; }

        public WalKeeper Wal { get; }

        public string Path => db.Path;

        public void Write(int pages)
        {
            LogPages.Write(Connection, pages);
            Wal.Wrote();
        }

        public void Dispose()
        {
            Connection.Dispose();
            db.Dispose();
        }
    }
}
