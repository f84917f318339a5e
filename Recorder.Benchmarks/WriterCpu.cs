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

                // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th, in clock ticks
                // (USER_HZ, 100 on Linux).
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                seconds = (seconds ?? 0) + (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }

        return seconds;
    }
}
