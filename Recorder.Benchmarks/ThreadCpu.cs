using System.Globalization;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// The CPU time this process's threads have used, read from the kernel (Linux: /proc, each thread under its name as
/// the kernel keeps it, the first 15 characters); nothing where that cannot be read. On a machine of two cores whose
/// backtest keeps both busy, what the recorder's threads use is what they take from the backtest. The kernel's
/// scheduler statistics give a thread's time on a processor in nanoseconds; its `stat` file only in clock ticks,
/// where a writer that lives a few milliseconds reads as nothing, so `stat` is only the fallback of a kernel built
/// without them.
/// </summary>
internal static class ThreadCpu
{
    /// <summary>The recorder's writer thread, "QuantowerRecorder writer", as the kernel names it.</summary>
    public const string Writer = "QuantowerRecord";

    /// <summary>The thread a writer prepares its jobs on (a run's end analysis, the trials' figures): JobThread.Name.</summary>
    public const string Jobs = "Recorder jobs";

    /// <summary>The thread pool's workers, where a run's close hands over and a long run's analysis computes side by side.</summary>
    public const string Pool = ".NET TP Worker";

    private const string Tasks = "/proc/self/task";
    private const string OwnStat = "/proc/thread-self/stat";
    private static readonly bool Scheduled = File.Exists("/proc/thread-self/schedstat");

    /// <summary>The CPU every thread of the process has used (user and kernel), in seconds, on any system.</summary>
    public static double ProcessSeconds()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>Whether threads' CPU can be read here.</summary>
    public static bool Readable => File.Exists(OwnStat);

    /// <summary>The CPU the live threads named <paramref name="name"/> have used so far; null where it cannot be read.</summary>
    public static double? Of(string name) => Readable ? Live().Where(t => t.Name == name).Sum(t => t.Seconds) : null;

    /// <summary>The calling thread's CPU so far (only where <see cref="Readable"/>).</summary>
    public static double Own() => Seconds("/proc/thread-self");

    /// <summary>
    /// Every live thread: who it is, its name and its CPU so far (a thread that ends meanwhile is left out). Who it is
    /// is its id with the moment it started, since the kernel gives a dead thread's id to a new one (ids wrap at
    /// 32,768 on some machines).
    /// </summary>
    public static IEnumerable<(string Id, string Name, double Seconds)> Live()
    {
        foreach (var task in Directory.GetDirectories(Tasks))
        {
            (string, string, double)? thread;
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = Fields(stat);
                // The name is between the first '(' and the last ')'; the start time is the 22nd field.
                var name = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..stat.LastIndexOf(')')];
                thread = (Path.GetFileName(task) + "@" + fields[19], name, Seconds(task, fields));
            }
            catch (IOException)
            {
                thread = null;
            }

            if (thread is { } t)
            {
                yield return t;
            }
        }
    }

    // The fields after the command's closing parenthesis (the state is the first of them, the 3rd field).
    private static string[] Fields(string stat) => stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

    private static double Seconds(string thread, string[]? fields = null)
    {
        if (Scheduled)
        {
            // schedstat: the time on a processor in nanoseconds, then the time waiting for one, then the slices.
            var scheduled = File.ReadAllText(Path.Combine(thread, "schedstat"));
            return long.Parse(scheduled.AsSpan(0, scheduled.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture) / 1e9;
        }

        // stat: utime and stime are the 14th and 15th fields, in clock ticks (USER_HZ, 100 on Linux).
        fields ??= Fields(File.ReadAllText(Path.Combine(thread, "stat")));
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
