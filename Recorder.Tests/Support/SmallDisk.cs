using System.Diagnostics;
using NUnit.Framework;

namespace QuantowerRecorder.Tests.Support;

/// <summary>
/// A real, size-limited filesystem for disk-full tests: a tmpfs mounted by the test, on Linux, as root (CI runs as root)
/// or through passwordless sudo. Elsewhere the test fails with the reason (<see cref="MissingPart"/>; never a skip), and
/// its class carries the category "LinuxRoot" so that a run can leave it out on purpose.
/// </summary>
internal sealed class SmallDisk : IDisposable
{
    private readonly string[] asRoot;

    private SmallDisk(string path, string[] asRoot)
    {
        Path = path;
        this.asRoot = asRoot;
    }

    public string Path { get; }

    public static SmallDisk Mount(int megabytes)
    {
        var asRoot = AsRoot() ?? throw MissingPart.Fail(
            MissingPart.LinuxRoot,
            "This test fills a real, size-limited disk: a tmpfs it mounts, which takes Linux and root.",
            OperatingSystem.IsLinux()
                ? "Run the tests as root, or as a user with passwordless sudo (./test.sh needs it for its installs too)."
                : "It runs on Linux (as CI does: ./test.sh).");

        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "qr-disk-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        // mode=1777: through sudo the filesystem's root is root's, and the tests' own user must write into it.
        Run(asRoot, "mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=1777", "tmpfs", path);
        return new SmallDisk(path, asRoot);
    }

    /// <summary>Fills the disk up to its last <paramref name="leaveBytes"/>; returns the filler file.</summary>
    public string Fill(long leaveBytes = 0)
    {
        var filler = System.IO.Path.Combine(Path, "filler.bin");
        var info = new DriveInfo(Path);
        var size = Math.Max(0, info.AvailableFreeSpace - leaveBytes);
        using (var stream = new FileStream(filler, FileMode.Create, FileAccess.Write))
        {
            var block = new byte[64 * 1024];
            long written = 0;
            try
            {
                while (written < size)
                {
                    var n = (int)Math.Min(block.Length, size - written);
                    stream.Write(block, 0, n);
                    written += n;
                }

                stream.Flush(flushToDisk: true);
            }
            catch (IOException)
            {
                // Full before the estimate: that is the point.
            }
        }

        return filler;
    }

    public void Dispose()
    {
        try
        {
            Run(asRoot, "umount", "-l", Path);
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            TestContext.Progress.WriteLine($"could not remove the test filesystem {Path}: {ex.Message}");
        }
    }

    // The words that run a program as root here: none for root itself; "sudo -n" when sudo lets this user in
    // without a password (-n: fail at once rather than wait for one); null when neither.
    private static string[]? AsRoot()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        if (Environment.UserName == "root")
        {
            return [];
        }

        try
        {
            Run(["sudo", "-n"], "true");
            return ["sudo", "-n"];
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static void Run(string[] asRoot, string file, params string[] args)
    {
        var words = asRoot.Concat([file]).Concat(args).ToList();
        var info = new ProcessStartInfo(words[0]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in words.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', words)} failed ({process.ExitCode}): {error}");
        }
    }
}
