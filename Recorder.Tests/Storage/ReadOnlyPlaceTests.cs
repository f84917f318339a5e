using System.Diagnostics;
using NUnit.Framework;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// When SQLite says only "unable to open database file" or "readonly database", the user is told which file, that it
/// (or its folder, or its disk) cannot be written, and what to do.
/// </summary>
[TestFixture]
public sealed class ReadOnlyPlaceTests
{
    [Test]
    public void A_file_made_read_only_with_chmod_is_named_with_what_to_do()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("chmod is Unix; the read-only attribute is tested by UnusableFileTests on every system");
            return;
        }

        using var db = new TempDatabase();
        RecorderSession.Open(db.Path).Close(TimeSpan.FromSeconds(5));
        File.SetUnixFileMode(db.Path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        try
        {
            var error = Assert.Throws<RecorderDatabaseException>(() => RecorderSession.Open(db.Path));
            Assert.That(error!.Problem, Is.EqualTo(DatabaseProblem.ReadOnly));
            Assert.That(error.Message, Does.Contain(db.Path).And.Contain("read-only").And.Contain("writable"));
        }
        finally
        {
            File.SetUnixFileMode(db.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Test]
    public void A_folder_that_cannot_be_written_is_named_with_what_to_do()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("folder modes are Unix; Windows ACLs are not set up by this test");
            return;
        }

        if (Environment.UserName == "root")
        {
            Assert.Inconclusive("root writes into a folder whatever its mode; the read-only mount test covers this case as root");
            return;
        }

        using var db = new TempDatabase();
        var folder = Path.Combine(db.Folder, "locked");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "r.db");
        RecorderSession.Open(path).Close(TimeSpan.FromSeconds(5));
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            var error = Assert.Throws<RecorderDatabaseException>(() => RecorderSession.Open(path));
            Assert.That(error!.Problem, Is.EqualTo(DatabaseProblem.ReadOnly));
            Assert.That(error.Message, Does.Contain(path).And.Contain("read-only").And.Contain("folder").And.Contain("writable"));
        }
        finally
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Test]
    public void A_database_on_a_read_only_mount_is_named_with_what_to_do()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            Assert.Inconclusive("mounting a file system needs root on Linux; the chmod tests cover an ordinary user");
            return;
        }

        using var db = new TempDatabase();
        var mount = Path.Combine(db.Folder, "mnt");
        Directory.CreateDirectory(mount);
        Run("mount", $"-t tmpfs -o size=8m tmpfs {mount}");
        try
        {
            var path = Path.Combine(mount, "r.db");
            RecorderSession.Open(path).Close(TimeSpan.FromSeconds(5));
            Run("mount", $"-o remount,ro {mount}");

            var error = Assert.Throws<RecorderDatabaseException>(() => RecorderSession.Open(path));
            Assert.That(error!.Problem, Is.EqualTo(DatabaseProblem.ReadOnly), error.Message);
            Assert.That(error.Message, Does.Contain(path).And.Contain("read-only").And.Contain("writable"));
        }
        finally
        {
            Run("umount", mount);
        }
    }

    private static void Run(string program, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"{program} {arguments}: {error}");
    }
}
