using NUnit.Framework;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// A file this process closed cleanly is not read through again for damage when the next writer opens it unchanged
/// (an optimisation's passes open the file one after another); any change since and it is checked as any other.
/// </summary>
[TestFixture]
public sealed class CheckedFilesTests
{
    [Test]
    public void A_clean_close_spares_the_next_open_its_damage_check_once()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        Recorded.Write(db.Path, s.Start());
        var fullPath = Path.GetFullPath(db.Path);

        Assert.That(CheckedFiles.Unchanged(fullPath), Is.True, "as the writer left it at its clean close");
        Assert.That(CheckedFiles.Unchanged(fullPath), Is.False, "a stamp serves one open");

        Recorded.Write(db.Path, [s.Bar(0), s.End()]);
        File.SetLastWriteTimeUtc(fullPath, File.GetLastWriteTimeUtc(fullPath).AddSeconds(2));
        Assert.That(CheckedFiles.Unchanged(fullPath), Is.False, "written since the close");
    }

    [Test]
    public void A_file_damaged_in_place_after_a_clean_close_is_refused_when_opened_again()
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        Recorded.Write(db.Path, [.. s.Start(), .. Enumerable.Range(0, 3000).Select(i => s.Bar(i, 5000 + i % 7))]);
        var length = new FileInfo(db.Path).Length;
        var written = File.GetLastWriteTimeUtc(db.Path);
        Assert.That(length, Is.GreaterThan(64 * 1024), "precondition: a file of many pages");

        // Another program overwrites pages in the middle, the length unchanged. Its write is dated two seconds later:
        // a write within the file system's timestamp tick of the close is the one change the stamp cannot see.
        using (var file = new FileStream(db.Path, FileMode.Open, FileAccess.Write))
        {
            file.Position = length / 2 / 8192 * 8192;
            file.Write(Enumerable.Repeat((byte)0x5A, 4 * 8192).ToArray());
        }

        File.SetLastWriteTimeUtc(db.Path, written.AddSeconds(2));
        Assert.That(new FileInfo(db.Path).Length, Is.EqualTo(length));

        var error = Assert.Throws<RecorderDatabaseException>(() => RecorderSession.Open(db.Path));

        Assert.That(error!.Problem, Is.EqualTo(DatabaseProblem.Corrupt), error.Message);
    }
}
