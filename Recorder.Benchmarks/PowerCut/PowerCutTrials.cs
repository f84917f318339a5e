using System.Diagnostics;
using System.Globalization;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Benchmarks.PowerCut;

/// <summary>
/// `powercut`: N power cuts of a real child recorder (<see cref="PowerCutChild"/>) on a disk that forgets what was
/// not synced (<see cref="ForgetfulDisk"/>). Each cut records one source — live, paper, backtest in turn — in one of
/// three ways: plain (cut after a random acknowledged flush: inside a batch, or at an idle checkpoint, as the small WAL
/// limit makes the writer checkpoint whenever it rests), at a run's close (runs of 90 events, cut right after a run's
/// end was acknowledged, while the next starts), or while the spill file is read back (cut 0–2 flushes after the lock
/// that filled it is gone). The child is killed (SIGKILL) and the power cut; the disk is mounted again over what it
/// kept; then: integrity_check, the next recorder's open ends the run ABANDONED, no acknowledged (or spilled) live or
/// paper event is missing, and a backtest lost at most its window (<see cref="RecorderOptions.UnsyncedWindow"/>).
/// A cut whose disk dropped nothing, or a probe written and never synced that is still there, means the disk cannot
/// tell: the command fails then. Prints JSON; exit 0 only when every check held.
/// </summary>
internal static class PowerCutTrials
{
    private const int HeaderEvents = 4;
    private const int LiveRate = 300;
    private const int BacktestRate = 3_000;
    internal static readonly RunSource[] Sources = [RunSource.Live, RunSource.Paper, RunSource.Backtest];

    public static int Run(int cuts, int seed, string? jsonPath, string? directory, bool keepEverything)
    {
        if (ForgetfulDisk.Missing() is { } missing)
        {
            Console.Error.WriteLine("powercut: cannot run: " + missing);
            return 3;
        }

        return BenchmarkOutput.InFolder(directory, "qr-powercut-", dir =>
        {
            var random = new Random(seed);
            var totals = new Totals();
            var problems = new List<string>();
            var started = Stopwatch.GetTimestamp();
            for (var cut = 0; cut < cuts; cut++)
            {
                var source = Sources[cut % 3];
                var way = (Way)(cut / 3 % 3);
                var problem = OneCut(Path.Combine(dir, "cut" + cut.ToString(CultureInfo.InvariantCulture)), source, way, random, keepEverything, totals);
                if (problem is not null)
                {
                    problems.Add($"cut {cut} ({source}, {way}): {problem}");
                    Console.Error.WriteLine(problems[^1]);
                }

                if ((cut + 1) % 10 == 0)
                {
                    Console.Error.WriteLine($"{cut + 1}/{cuts} cuts, {totals.LostLive + totals.LostPaper} live or paper event(s) lost so far");
                }
            }

            if (totals.CutsThatDropped == 0)
            {
                problems.Add("the disk dropped nothing at any cut: it kept a write that was never synced, so these cuts prove nothing");
            }

            var result = new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["cuts"] = cuts,
                ["seed"] = seed,
                ["acknowledged_keys"] = totals.Acknowledged.Values.Sum(),
                ["acknowledged_live"] = totals.Acknowledged[RunSource.Live],
                ["acknowledged_paper"] = totals.Acknowledged[RunSource.Paper],
                ["acknowledged_backtest"] = totals.Acknowledged[RunSource.Backtest],
                ["spilled_events"] = totals.Spilled,
                ["lost_live"] = totals.LostLive,
                ["lost_paper"] = totals.LostPaper,
                ["lost_spilled"] = totals.LostSpilled,
                ["backtest_lost_max_events"] = totals.BacktestLostMax,
                ["backtest_lost_max_seconds"] = Math.Round(totals.BacktestLostMax / (double)BacktestRate, 3),
                ["backtest_rate_events_per_s"] = BacktestRate,
                ["live_rate_events_per_s"] = LiveRate,
                ["unsynced_window_s"] = new RecorderOptions().UnsyncedWindow.TotalSeconds,
                ["cuts_that_dropped_writes"] = totals.CutsThatDropped,
                ["dropped_bytes"] = totals.DroppedBytes,
                ["problems"] = problems.Take(20).ToArray(),
                ["failed_cuts"] = problems.Count,
                ["seconds"] = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 1),
            };
            BenchmarkOutput.Report(result, jsonPath);
            return problems.Count == 0 && totals.LostLive == 0 && totals.LostPaper == 0 && totals.LostSpilled == 0 ? 0 : 1;
        });
    }

    private static string? OneCut(string folder, RunSource source, Way way, Random random, bool keepEverything, Totals totals)
    {
        var backing = Path.Combine(folder, "disk");
        var mountPoint = Path.Combine(folder, "mnt");
        var probe = "unsynced-probe.txt";
        ChildSaid child;
        using (var disk = ForgetfulDisk.Mount(backing, mountPoint, keepEverything))
        {
            // Written, never synced: the power cut must take it.
            File.WriteAllText(Path.Combine(mountPoint, probe), "written but never synced");
            child = RecordUntilKilled(Path.Combine(mountPoint, "cut.db"), source, way, random);
            var dropped = disk.Cut();
            totals.DroppedBytes += dropped.Bytes;
            totals.CutsThatDropped += dropped.Anything ? 1 : 0;
        }

        if (File.Exists(Path.Combine(backing, probe)) && new FileInfo(Path.Combine(backing, probe)).Length > 0)
        {
            return "the disk kept a write that was never synced (its probe file is whole after the cut): it cannot simulate a power cut, so this cut proves nothing";
        }

        using var again = ForgetfulDisk.Mount(backing, mountPoint);
        return Check(Path.Combine(mountPoint, "cut.db"), source, child, totals);
    }

    private static ChildSaid RecordUntilKilled(string db, RunSource source, Way way, Random random)
    {
        var args = new List<string>
        {
            "powercut-child", "--db", db, "--source", source.ToString(),
            "--rate", (source == RunSource.Backtest ? BacktestRate : LiveRate).ToString(CultureInfo.InvariantCulture),
            "--flush-every", source == RunSource.Backtest ? "300" : "30",
            "--run-events", way == Way.AtClose ? "90" : "100000000",
        };
        if (way == Way.Spill)
        {
            args.Add("--spill");
        }

        // The moment: right after the k-th run end, the k-th acknowledged flush, or the k-th acknowledged flush once the
        // spill file is being read back (k = 0: as soon as it is).
        var (kind, k) = way switch
        {
            Way.AtClose => ("ENDED ", random.Next(1, 4)),
            Way.Spill => ("ACK ", random.Next(0, 3)),
            _ => ("ACK ", random.Next(1, 13)),
        };
        using var process = StartSelf(args);
        var child = new ChildSaid();
        var killNow = new ManualResetEventSlim();
        var seen = 0;
        var counting = way != Way.Spill;
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not { } text)
            {
                killNow.Set();
                return;
            }

            lock (child)
            {
                child.Take(text);
                counting |= text == "CONSUMING";
                seen += counting && text.StartsWith(kind, StringComparison.Ordinal) ? 1 : 0;
                if (counting && seen >= k)
                {
                    killNow.Set();
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!killNow.Wait(TimeSpan.FromMinutes(3)))
        {
            throw new TimeoutException("the child recorder never reached its moment");
        }

        process.Kill(); // SIGKILL: no finally, no flush, no close
        process.WaitForExit();
        lock (child)
        {
            return child;
        }
    }

    private static string? Check(string db, RunSource source, ChildSaid child, Totals totals)
    {
        using (var connection = DatabaseFile.Connect(db, Microsoft.Data.Sqlite.SqliteOpenMode.ReadWrite))
        {
            if (BenchmarkOutput.Scalar(connection, "PRAGMA integrity_check") is var integrity && integrity != "ok")
            {
                return "integrity_check: " + integrity;
            }
        }

        // The next recorder's open ends the run the cut left RUNNING, and first writes what the spill file kept.
        using (var session = RecorderSession.Open(db))
        {
            if (!session.Flush(TimeSpan.FromSeconds(60)).Completed)
            {
                return "the next recorder could not flush";
            }
        }

        using var read = DatabaseFile.OpenForReading(db);
        if (BenchmarkOutput.Scalar(read, "PRAGMA integrity_check") is var after && after != "ok")
        {
            return "integrity_check after reopening: " + after;
        }

        string? problem = null;
        foreach (var run in child.Runs)
        {
            var stored = Convert.ToInt64(BenchmarkOutput.Scalar(read, $"""
                SELECT COALESCE(SUM(CASE WHEN event_type = 'BARS_STORED' THEN json_extract(payload_json, '$.bar_count') ELSE 1 END), 0)
                FROM ingest_events WHERE run_id = '{run.Id}' AND event_type <> 'RUN_ENDED'
                """), CultureInfo.InvariantCulture) - HeaderEvents;
            var status = BenchmarkOutput.Scalar(read, $"SELECT status FROM strategy_runs WHERE run_id = '{run.Id}'") is { Length: > 0 } s ? s : null;
            var lost = Math.Max(0, run.Acknowledged - Math.Max(0, stored));
            var lostSpilled = Math.Max(0, run.Spilled - Math.Max(0, stored));
            totals.Acknowledged[source] += run.Acknowledged;
            totals.Spilled += run.Spilled;
            totals.LostSpilled += lostSpilled;
            if (source == RunSource.Backtest)
            {
                totals.BacktestLostMax = Math.Max(totals.BacktestLostMax, lost);
            }
            else
            {
                if (source == RunSource.Live)
                {
                    totals.LostLive += lost;
                }
                else
                {
                    totals.LostPaper += lost;
                }

                if (lost > 0)
                {
                    problem ??= $"run {run.Id}: {run.Acknowledged} event(s) acknowledged, {stored} stored";
                }

                if (run.Ended && status != "COMPLETED")
                {
                    problem ??= $"run {run.Id}: its end was acknowledged, but it is {status ?? "missing"}";
                }
            }

            if (lostSpilled > 0)
            {
                problem ??= $"run {run.Id}: {run.Spilled} event(s) reached the spill file, {stored} stored";
            }

            if (!run.Ended && status is not null && status != "ABANDONED")
            {
                problem ??= $"run {run.Id}: the cut left it {status}, and the next open did not end it ABANDONED";
            }
        }

        return problem;
    }

    private static Process StartSelf(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath ?? "dotnet").Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            info.ArgumentList.Add(typeof(PowerCutTrials).Assembly.Location);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start the child recorder");
    }

    private enum Way
    {
        Plain,
        AtClose,
        Spill,
    }
}
