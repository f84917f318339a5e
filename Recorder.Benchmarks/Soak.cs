using System.Diagnostics;
using System.Globalization;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;
using static QuantowerRecorder.Benchmarks.BenchmarkOutput;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// `soak`: N trials of a real child recorder (this program's crash-child) killed with SIGKILL at a random moment
/// after its first acknowledged flush. After each kill the file must pass integrity_check, hold every acknowledged
/// event (stored sequences are exactly 1..M with M at least the acknowledged count), pair every normalised row with
/// its raw event, and be marked ABANDONED by the next recorder to open it. Prints the totals as JSON; exit 1 on any
/// loss or damage.
/// </summary>
internal static class Soak
{
    // The synthetic run's header (strategy, instance, run start, series) comes before the counted events.
    private const int HeaderEvents = 4;

    public static int Run(int trials, int seed, int rate, string? jsonPath, string? directory)
    {
        return BenchmarkOutput.InFolder(directory, "qr-soak-", dir =>
        {
            var random = new Random(seed);
            long acknowledged = 0, stored = 0, lost = 0;
            var problems = new List<string>();
            var started = Stopwatch.GetTimestamp();
            for (var trial = 0; trial < trials; trial++)
            {
                var path = Path.Combine(dir, $"soak{trial}.db");
                var (runId, acked) = RecordAndKill(path, rate, TimeSpan.FromMilliseconds(random.Next(20, 900)));
                var (count, problem) = Check(path, runId, acked);
                acknowledged += acked;
                stored += Math.Max(0, count - HeaderEvents);
                lost += Math.Max(0, acked - Math.Max(0, count - HeaderEvents));
                if (problem is not null)
                {
                    problems.Add($"trial {trial}: {problem}");
                    Console.Error.WriteLine($"trial {trial}: {problem}");
                }

                foreach (var file in Directory.EnumerateFiles(dir, $"soak{trial}.db*"))
                {
                    File.Delete(file);
                }

                if ((trial + 1) % 10 == 0)
                {
                    Console.Error.WriteLine($"{trial + 1}/{trials} trials, {lost} lost so far");
                }
            }

            var result = new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["trials"] = trials,
                ["seed"] = seed,
                ["rate_events_per_s"] = rate,
                ["acknowledged_events"] = acknowledged,
                ["stored_events"] = stored,
                ["lost_events"] = lost,
                ["damaged_trials"] = problems.Count,
                ["problems"] = problems.Take(20).ToArray(),
                ["seconds"] = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 1),
            };
            BenchmarkOutput.Report(result, jsonPath);
            return lost == 0 && problems.Count == 0 ? 0 : 1;
        });
    }

    private static (string RunId, long Acknowledged) RecordAndKill(string path, int rate, TimeSpan afterFirstAck)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath ?? "dotnet").Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            info.ArgumentList.Add(typeof(Soak).Assembly.Location); // started as `dotnet Recorder.Benchmarks.dll`
        }

        foreach (var arg in new[] { "crash-child", "--db", path, "--events", "50000000", "--flush-every", "300", "--rate", rate.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        using var child = Process.Start(info) ?? throw new InvalidOperationException("could not start the child recorder");
        child.ErrorDataReceived += (_, _) => { };
        child.BeginErrorReadLine();
        string? runId = null;
        long acked = 0;
        var firstAck = new ManualResetEventSlim();
        var gate = new object();
        child.OutputDataReceived += (_, line) =>
        {
            lock (gate)
            {
                if (line.Data?.StartsWith("RUN ", StringComparison.Ordinal) == true)
                {
                    runId = line.Data[4..];
                }
                else if (line.Data?.StartsWith("ACK ", StringComparison.Ordinal) == true)
                {
                    acked = long.Parse(line.Data[4..], CultureInfo.InvariantCulture);
                    firstAck.Set();
                }
            }
        };
        child.BeginOutputReadLine();
        if (!firstAck.Wait(TimeSpan.FromSeconds(60)))
        {
            child.Kill();
            throw new TimeoutException("the child recorder never acknowledged a flush");
        }

        Thread.Sleep(afterFirstAck);
        child.Kill(); // SIGKILL on Unix: no finally blocks, no flush, no Dispose.
        child.WaitForExit();
        lock (gate)
        {
            return (runId ?? throw new InvalidOperationException("the child recorder never said its run"), acked);
        }
    }

    /// <summary>The stored event count of the run, and what is wrong with the file (null when nothing).</summary>
    private static (long Count, string? Problem) Check(string path, string runId, long acknowledged)
    {
        long count;
        using (var connection = DatabaseFile.OpenForReading(path))
        {
            var integrity = Scalar(connection, "PRAGMA integrity_check");
            if (integrity != "ok")
            {
                return (0, "integrity_check: " + integrity);
            }

            // A stretch row of the raw log stands for its bar_count bar events, up to its last_sequence (docs/events.md).
            count = Convert.ToInt64(Scalar(connection, $"""
                SELECT COALESCE(SUM(CASE WHEN event_type = 'BARS_STORED' THEN json_extract(payload_json, '$.bar_count') ELSE 1 END), 0)
                FROM ingest_events WHERE run_id = '{runId}'
                """), CultureInfo.InvariantCulture);
            var max = Convert.ToInt64(Scalar(connection,
                $"SELECT COALESCE(MAX(COALESCE(json_extract(payload_json, '$.last_sequence'), sequence)), 0) FROM ingest_events WHERE run_id = '{runId}'"),
                CultureInfo.InvariantCulture);
            if (count != max)
            {
                return (count, $"stored sequences are not 1..{max}: {count} events");
            }

            if (count < acknowledged + HeaderEvents)
            {
                return (count, $"acknowledged {acknowledged} events, {count - HeaderEvents} stored");
            }

            foreach (var (table, logged) in new[]
                     {
                         ("bars", "SELECT SUM(json_extract(payload_json, '$.bar_count')) FROM ingest_events WHERE event_type = 'BARS_STORED'"),
                         ("executions", "SELECT COUNT(*) FROM ingest_events WHERE event_type = 'EXECUTION'"),
                     })
            {
                var difference = Scalar(connection, $"SELECT (SELECT COUNT(*) FROM {table}) - IFNULL(({logged}), 0)");
                if (Convert.ToInt64(difference, CultureInfo.InvariantCulture) != 0)
                {
                    return (count, $"{table} and the raw log disagree by {difference}");
                }
            }
        }

        using (var session = RecorderSession.Open(path))
        {
            if (!session.Flush(TimeSpan.FromSeconds(30)).Completed)
            {
                return (count, "the next recorder could not flush");
            }
        }

        using (var connection = DatabaseFile.OpenForReading(path))
        {
            var status = Scalar(connection, $"SELECT status FROM strategy_runs WHERE run_id = '{runId}'");
            return (count, status == "ABANDONED" ? null : "after reopening the run is " + status);
        }
    }
}
