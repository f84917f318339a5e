using System.Globalization;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// The CPU time the recorder's writer thread has used so far (Linux: /proc, the thread named "QuantowerRecorder writer",
/// which the kernel keeps as its first 15 characters); null where that cannot be read. On a machine of two cores whose
/// backtest keeps both busy, it is what the writer takes from the backtest: a bound on the ratio, measured in the run.
/// </summary>
internal static class WriterCpu
{
    private const string ThreadName = "QuantowerRecord";

    public static double? Seconds()
    {
        if (!Directory.Exists("/proc/self/task"))
        {
            return null;
        }

        double? seconds = null;
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).Trim() != ThreadName)
                {
                    continue;
                }

                seconds = (seconds ?? 0) + StatSeconds(File.ReadAllText(Path.Combine(task, "stat")));
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }

        return seconds;
    }

    /// <summary>The CPU a thread has used, from its line in /proc (…/task/N/stat or /proc/thread-self/stat).</summary>
    public static double StatSeconds(string stat)
    {
        // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th, in clock ticks
        // (USER_HZ, 100 on Linux).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
