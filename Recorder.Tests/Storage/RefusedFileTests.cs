using NUnit.Framework;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>A file the writer refuses is left exactly as it was, byte for byte, with no -wal or -shm beside it.</summary>
[TestFixture]
public sealed class RefusedFileTests
{
    [Test]
    public void Another_programs_rollback_journal_database_keeps_its_bytes_and_journal_mode()
    {
        using var db = new TempDatabase();
        using (var other = OtherProgram.Open(db.Path))
        {
            other.Execute("CREATE TABLE contacts(name TEXT); INSERT INTO contacts VALUES ('x');");
        }

        var before = File.ReadAllBytes(db.Path);

        var error = Assert.Throws<RecorderDatabaseException>(() => RecorderSession.Open(db.Path));

        Assert.That(error!.Problem, Is.EqualTo(DatabaseProblem.NotRecorderDatabase));
        Assert.That(error.Message, Does.Contain("nothing was changed"));
        AssertUntouched(db.Path, before);
        Assert.That(before[18..20], Is.EqualTo(new byte[] { 1, 1 }), "header bytes 18-19: still a rollback-journal file");
    }

    [Test]
    public void A_recorder_file_from_a_newer_version_keeps_its_bytes()
    {
        using var db = new TempDatabase();
        Recorded.Write(db.Path, new Scenario().Start());
        using (var other = OtherProgram.Open(db.Path))
        {
            other.Execute("PRAGMA journal_mode=DELETE; PRAGMA user_version=99;");
        }

        var before = File.ReadAllBytes(db.Path);

        var error = Assert.Throws<RecorderDatabaseException>(() => RecorderSession.Open(db.Path));

        Assert.That(error!.Problem, Is.EqualTo(DatabaseProblem.SchemaTooNew));
        Assert.That(error.Message, Does.Contain("left untouched"));
        AssertUntouched(db.Path, before);
    }

    [Test]
    public void A_file_whose_schema_meta_disagrees_with_user_version_keeps_its_bytes()
    {
        using var db = new TempDatabase();
        Recorded.Write(db.Path, new Scenario().Start());
        using (var other = OtherProgram.Open(db.Path))
        {
            other.Execute("PRAGMA journal_mode=DELETE; UPDATE schema_meta SET value = '3' WHERE key = 'schema_version';");
        }

        var before = File.ReadAllBytes(db.Path);

        var error = Assert.Throws<RecorderDatabaseException>(() => RecorderSession.Open(db.Path));

        Assert.That(error!.Problem, Is.EqualTo(DatabaseProblem.NotRecorderDatabase));
        Assert.That(error.Message, Does.Contain("user_version").And.Contain("but 3 in schema_meta").And.Contain("Nothing was changed"));
        AssertUntouched(db.Path, before);
    }

    [Test]
    public void A_file_whose_schema_meta_says_a_newer_version_is_refused_as_written_by_a_newer_recorder_and_keeps_its_bytes()
    {
        using var db = new TempDatabase();
        Recorded.Write(db.Path, new Scenario().Start());
        using (var other = OtherProgram.Open(db.Path))
        {
            other.Execute("PRAGMA journal_mode=DELETE; UPDATE schema_meta SET value = '99' WHERE key = 'schema_version';");
        }

        var before = File.ReadAllBytes(db.Path);

        var error = Assert.Throws<RecorderDatabaseException>(() => RecorderSession.Open(db.Path));

        Assert.That(error!.Problem, Is.EqualTo(DatabaseProblem.SchemaTooNew));
        Assert.That(error.Message, Does.Contain("schema version 99, newer than this recorder understands").And.Contain("left untouched"));
        Assert.That(error.Message, Does.Not.Contain("not a recorder database"));
        AssertUntouched(db.Path, before);
    }

    [Test]
    public void A_truncated_recorder_file_is_refused_as_damaged_and_keeps_its_bytes()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        Recorded.Write(db.Path, [.. s.Start(), .. Enumerable.Range(0, 3000).Select(i => s.Bar(i, 5000 + i % 7))]);
        var whole = File.ReadAllBytes(db.Path);
        Assert.That(whole.Length, Is.GreaterThan(64 * 1024), "precondition: a file of many pages");
        File.WriteAllBytes(db.Path, whole[..^4096]);
        var before = File.ReadAllBytes(db.Path);

        var error = Assert.Throws<RecorderDatabaseException>(() => RecorderSession.Open(db.Path));

        Assert.That(error!.Problem, Is.EqualTo(DatabaseProblem.Corrupt), error.Message);
        Assert.That(error.Message, Does.Contain("is damaged").And.Contain("new file").And.Contain("Nothing was changed"));
        AssertUntouched(db.Path, before);
    }

    [Test]
    public void A_healthy_recorder_file_still_opens_and_takes_more_events()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        Recorded.Write(db.Path, s.Start());

        var counters = Recorded.Write(db.Path, [s.Bar(0), s.End()]);

        Assert.That(counters.Committed, Is.EqualTo(2));
    }

    private static void AssertUntouched(string path, byte[] before)
    {
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(before), "the file's bytes");
        Assert.That(File.Exists(path + "-wal"), Is.False, "no -wal left beside it");
        Assert.That(File.Exists(path + "-shm"), Is.False, "no -shm left beside it");
    }
}
