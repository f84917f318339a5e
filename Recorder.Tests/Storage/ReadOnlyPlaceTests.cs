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
    public void A_file_made_read_only_is_named_with_what_to_do()
    {
        using var db = new TempDatabase();
        RecorderSession.Open(db.Path).Close(TimeSpan.FromSeconds(5));
        // chmod on Unix (SQLite honours the mode even for root), the read-only attribute on Windows.
        SetReadOnly(db.Path, true);
        try
        {
            var error = Assert.Throws<RecorderDatabaseException>(() => RecorderSession.Open(db.Path));
            Assert.That(error!.Problem, Is.EqualTo(DatabaseProblem.ReadOnly));
            Assert.That(error.Message, Does.Contain(db.Path).And.Contain("read-only").And.Contain("writable"));
        }
        finally
        {
            SetReadOnly(db.Path, false);
        }
    }

    [Test]
    public void A_place_that_cannot_be_written_is_named_with_what_to_do()
    {
        // The place a user meets: a read-only mount (Linux as root, as CI runs: root writes into any folder whatever
        // its mode), a folder without write permission (Unix, any other user), a read-only file (Windows, where folder
        // permissions are ACLs this test does not set up).
        using var db = new TempDatabase();
        if (OperatingSystem.IsLinux() && Environment.UserName == "root")
        {
            OnReadOnlyMount(db.Folder);
        }
        else if (!OperatingSystem.IsWindows())
        {
            InReadOnlyFolder(db.Folder);
        }
        else
        {
            SetReadOnly(db.Path, false);
            RecorderSession.Open(db.Path).Close(TimeSpan.FromSeconds(5));
            SetReadOnly(db.Path, true);
            try
            {
                Expect(db.Path);
            }
            finally
            {
                SetReadOnly(db.Path, false);
            }
        }
    }

    private static void OnReadOnlyMount(string folder)
    {
        var mount = Path.Combine(folder, "mnt");
        Directory.CreateDirectory(mount);
        Run("mount", $"-t tmpfs -o size=8m tmpfs {mount}");
        try
        {
            var path = Path.Combine(mount, "r.db");
            RecorderSession.Open(path).Close(TimeSpan.FromSeconds(5));
            Run("mount", $"-o remount,ro {mount}");
            Expect(path);
        }
        finally
        {
            Run("umount", mount);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void InReadOnlyFolder(string parent)
    {
        var folder = Path.Combine(parent, "locked");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "r.db");
        RecorderSession.Open(path).Close(TimeSpan.FromSeconds(5));
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            Expect(path);
        }
        finally
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static void Expect(string path)
    {
        var error = Assert.Throws<RecorderDatabaseException>(() => RecorderSession.Open(path));
        Assert.That(error!.Problem, Is.EqualTo(DatabaseProblem.ReadOnly), error.Message);
        Assert.That(error.Message, Does.Contain(path).And.Contain("read-only").And.Contain("writable"));
    }

    private static void SetReadOnly(string path, bool readOnly)
    {
        if (OperatingSystem.IsWindows())
        {
            File.SetAttributes(path, readOnly ? FileAttributes.ReadOnly : FileAttributes.Normal);
        }
        else if (File.Exists(path))
        {
            File.SetUnixFileMode(path, readOnly
                ? UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead
                : UnixFileMode.UserRead | UnixFileMode.UserWrite);
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
