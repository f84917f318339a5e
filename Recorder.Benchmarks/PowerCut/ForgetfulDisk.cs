using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace QuantowerRecorder.Benchmarks.PowerCut;

/// <summary>
/// A folder on a disk whose power can be cut: forgetful_fs.py (beside this program) mounted over a backing folder.
/// <see cref="Cut"/> drops every write that was not synced, as losing power would, and says how much it dropped;
/// the disk is then off until <see cref="Mount"/> mounts it again over what was kept.
/// </summary>
internal sealed partial class ForgetfulDisk : IDisposable
{
    /// <summary>The packages that give it, on Debian and Ubuntu.</summary>
    public const string Install = "sudo apt-get install -y fuse3 python3-fusepy";

    private readonly Process process;
    private bool mounted = true;

    private ForgetfulDisk(Process process, string path)
    {
        this.process = process;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Why this machine cannot mount it, or null when it can.</summary>
    public static string? Missing()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the power-cut test mounts a FUSE filesystem, which takes Linux (it runs on CI's Linux: ./test.sh).";
        }

        if (!File.Exists("/dev/fuse"))
        {
            return $"there is no /dev/fuse (FUSE), which the power-cut test mounts. {Install}, and in a container start it with --device /dev/fuse --cap-add SYS_ADMIN.";
        }

        if (Python() is null)
        {
            return $"no python3 with fusepy was found, which runs the power-cut test's filesystem. {Install}";
        }

        return Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root" || IsRoot()
            ? null
            : "the power-cut test mounts a FUSE filesystem through fusepy's libfuse2, which takes root here. Run the tests as root (./test.sh does on CI).";
    }

    public static ForgetfulDisk Mount(string backing, string mountPoint, bool keepEverything = false)
    {
        Directory.CreateDirectory(backing);
        Directory.CreateDirectory(mountPoint);
        var info = new ProcessStartInfo(Python() ?? throw new InvalidOperationException(Missing()))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(System.IO.Path.Combine(AppContext.BaseDirectory, "PowerCut", "forgetful_fs.py"));
        info.ArgumentList.Add(backing);
        info.ArgumentList.Add(mountPoint);
        if (keepEverything)
        {
            info.ArgumentList.Add("--keep-everything");
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start forgetful_fs.py");
        var line = process.StandardOutput.ReadLine();
        if (line != "mounted")
        {
            process.Kill();
            throw new InvalidOperationException("forgetful_fs.py did not mount: " + line + process.StandardError.ReadToEnd());
        }

        return new ForgetfulDisk(process, mountPoint);
    }

    /// <summary>Cuts the power: what was not synced is gone. Returns what the disk dropped.</summary>
    public Dropped Cut()
    {
        process.StandardInput.WriteLine("cut");
        process.StandardInput.Flush();
        var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("forgetful_fs.py ended: " + process.StandardError.ReadToEnd());
        var match = CutLine().Match(line);
        if (!match.Success)
        {
            throw new InvalidOperationException("forgetful_fs.py said: " + line);
        }

        Unmount();
        long N(int group) => long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
        return new Dropped(N(1), N(2), N(3));
    }

    public void Dispose() => Unmount();

    private void Unmount()
    {
        if (!mounted)
        {
            return;
        }

        mounted = false;
        foreach (var (program, args) in new[] { ("fusermount3", "-u"), ("fusermount", "-u"), ("umount", "-l") })
        {
            try
            {
                using var unmount = Process.Start(new ProcessStartInfo(program) { ArgumentList = { args, Path }, UseShellExecute = false, RedirectStandardError = true });
                unmount?.WaitForExit();
                if (unmount?.ExitCode == 0)
                {
                    break;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed: the next way.
            }
        }

        if (!process.WaitForExit(30_000))
        {
            process.Kill();
        }

        process.Dispose();
    }

    // Debian's python3-fusepy is imported as fusepy, pip's as fuse; the system's python first (a pyenv shim may hide it).
    private static string? Python()
    {
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                using var probe = Process.Start(new ProcessStartInfo(candidate)
                {
                    ArgumentList = { "-c", "try:\n import fusepy\nexcept ImportError:\n import fuse" },
                    UseShellExecute = false,
                    RedirectStandardError = true,
                });
                probe?.StandardError.ReadToEnd();
                probe?.WaitForExit();
                if (probe?.ExitCode == 0)
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not there: the next one.
            }
        }

        return null;
    }

    private static bool IsRoot()
    {
        try
        {
            return File.ReadAllLines("/proc/self/status").Any(l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0");
        }
        catch (IOException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^cut dropped_bytes=(\d+) dropped_files=(\d+) dropped_names=(\d+)$")]
    private static partial Regex CutLine();

    /// <summary>What a cut dropped: bytes written but not synced, files they were in, names not synced in their folder.</summary>
    public sealed record Dropped(long Bytes, long Files, long Names)
    {
        public bool Anything => Bytes + Files + Names > 0;
    }
}
