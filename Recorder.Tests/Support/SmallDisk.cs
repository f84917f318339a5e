using System.Diagnostics;
using NUnit.Framework;

namespace QuantowerRecorder.Tests.Support;

/// <summary>
/// A real, size-limited filesystem for disk-full tests: a tmpfs mounted by the test (Linux, as root —
/// CI runs as root). Elsewhere the test is reported as ignored with the reason, never passed silently.
/// </summary>
internal sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    public static SmallDisk Mount(int megabytes)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            Assert.Ignore("needs a size-limited filesystem: runs on Linux as root (as CI does), where it mounts a tmpfs");
        }

        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "qr-disk-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path);
        return new SmallDisk(path);
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
            Run("umount", "-l", Path);
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            TestContext.Progress.WriteLine($"could not remove the test filesystem {Path}: {ex.Message}");
        }
    }

    private static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {error}");
        }
    }
}
