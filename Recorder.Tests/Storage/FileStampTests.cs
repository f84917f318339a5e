using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// A file's stamp moves with every commit, including one whose WAL frames were written before the stamp was taken and
/// indexed after it: the WAL rewritten in place after a checkpoint keeps its length, and its write time may not move
/// again once its frames are written, so only the WAL index's header tells the commit readable.
/// </summary>
[TestFixture]
public sealed class FileStampTests
{
    [Test]
    public void A_commit_that_leaves_the_wal_s_length_and_time_as_they_were_still_moves_the_stamp()
    {
        using var db = new TempDatabase();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db.Path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE t (v BLOB);");
        for (var i = 0; i < 20; i++)
        {
            Execute(connection, "INSERT INTO t VALUES (randomblob(3000));");
        }

        // Every frame copied into the file: the next commit starts the WAL again from its beginning, at the same length.
        Execute(connection, "PRAGMA wal_checkpoint(PASSIVE);");
        Execute(connection, "INSERT INTO t VALUES (randomblob(100));");
        var before = FileStamp.Of(db.Path)!;

        Execute(connection, "INSERT INTO t VALUES (randomblob(100));");
        // The frames of that commit as if written before the stamp was taken: the WAL's and the file's times as they were.
        File.SetLastWriteTimeUtc(db.Path + "-wal", before.WalWrittenUtc);
        File.SetLastWriteTimeUtc(db.Path, before.FileWrittenUtc);
        var after = FileStamp.Of(db.Path)!;

        Assert.That((after.FileBytes, after.WalBytes, after.WalWrittenUtc, after.FileWrittenUtc),
            Is.EqualTo((before.FileBytes, before.WalBytes, before.WalWrittenUtc, before.FileWrittenUtc)),
            "precondition: from outside, the file and its WAL look as they did");
        Assert.That(after, Is.Not.EqualTo(before), "the commit moved the WAL index, so the stamp");
        Assert.That(FileStamp.Of(db.Path), Is.EqualTo(after), "and with nothing committed since, the stamp stays");
    }

    [Test]
    public void A_file_no_program_has_open_has_no_index_and_a_stamp_that_stays()
    {
        using var db = new TempDatabase();
        File.WriteAllText(db.Path, "first");

        var stamp = FileStamp.Of(db.Path)!;

        Assert.That(stamp.WalIndex, Is.Empty);
        Assert.That(stamp.WalBytes, Is.Zero);
        Assert.That(FileStamp.Of(db.Path), Is.EqualTo(stamp));
        File.Delete(db.Path);
        Assert.That(FileStamp.Of(db.Path), Is.Null, "no file, no stamp");
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
