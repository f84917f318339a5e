using NUnit.Framework;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

[TestFixture]
public sealed class UnusableFileTests
{
    [Test]
    public void Missing_directory_is_a_clear_error_at_open_and_nothing_is_created()
    {
        using var db = new TempDatabase();
        var path = Path.Combine(db.Folder, "no-such-folder", "r.db");
        var error = Assert.Throws<RecorderDatabaseException>(() => RecorderSession.Open(path));
        Assert.That(error!.Problem, Is.EqualTo(DatabaseProblem.DirectoryMissing));
        Assert.That(error.Message, Does.Contain("does not exist"));
        Assert.That(Directory.Exists(Path.GetDirectoryName(path)), Is.False);
    }

    [Test]
    public void Read_only_file_is_a_clear_error_at_open()
    {
        using var db = new TempDatabase();
        RecorderSession.Open(db.Path).Close(TimeSpan.FromSeconds(5));
        File.SetAttributes(db.Path, FileAttributes.ReadOnly);
        try
        {
            var error = Assert.Throws<RecorderDatabaseException>(() => RecorderSession.Open(db.Path));
            Assert.That(error!.Problem, Is.EqualTo(DatabaseProblem.ReadOnly));
            Assert.That(error.Message, Does.Contain("read-only"));
        }
        finally
        {
            File.SetAttributes(db.Path, FileAttributes.Normal);
        }
    }

    [Test]
    public void File_that_is_not_SQLite_is_a_clear_error_and_is_left_untouched()
    {
        using var db = new TempDatabase();
        var content = "date,price\n2026-01-01,5000\n"u8.ToArray().Concat(new byte[4096]).ToArray();
        File.WriteAllBytes(db.Path, content);
        var error = Assert.Throws<RecorderDatabaseException>(() => RecorderSession.Open(db.Path));
        Assert.That(error!.Problem, Is.EqualTo(DatabaseProblem.NotSqlite));
        Assert.That(error.Message, Does.Contain("not an SQLite database"));
        Assert.That(File.ReadAllBytes(db.Path), Is.EqualTo(content));
        Assert.That(File.Exists(db.Path + "-wal"), Is.False);
    }

    [Test]
    public void Other_programs_SQLite_database_is_refused_and_left_untouched()
    {
        using var db = new TempDatabase();
        using (var other = SchemaTests.Raw(db.Path))
        {
            using var command = other.CreateCommand();
            command.CommandText = "CREATE TABLE contacts(name TEXT); INSERT INTO contacts VALUES ('x');";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<RecorderDatabaseException>(() => RecorderSession.Open(db.Path));
        Assert.That(error!.Problem, Is.EqualTo(DatabaseProblem.NotRecorderDatabase));
        using var check = SchemaTests.Raw(db.Path);
        using var count = check.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM sqlite_master";
        Assert.That(count.ExecuteScalar(), Is.EqualTo(1L), "only the other program's table");
    }

    [Test]
    public void Reader_refuses_a_missing_file_without_creating_it()
    {
        using var db = new TempDatabase();
        var error = Assert.Throws<RecorderDatabaseException>(() => DatabaseFile.OpenForReading(db.Path));
        Assert.That(error!.Problem, Is.EqualTo(DatabaseProblem.Missing));
        Assert.That(File.Exists(db.Path), Is.False);
    }
}
