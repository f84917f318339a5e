using System.Diagnostics;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// Demo databases for tests. The demo (32 runs through the plugin) is recorded once per test run and each caller gets
/// its own copy of the file, to read or to change. Tests of the `demo` command itself, and tests that need two
/// different recordings (a copy has the same run ids), run the command instead.
/// </summary>
internal static class DemoFiles
{
    private static readonly Lazy<(string Path, CliRun Run)> Master = new(RecordMaster, LazyThreadSafetyMode.ExecutionAndPublication);

    public static TempDatabase Create()
    {
        var db = new TempDatabase("demo.db");
        File.Copy(Master.Value.Path, db.Path);
        return db;
    }

    /// <summary>The `recorder demo --db &lt;file&gt;` that recorded the run's demo: its exit code and what it printed to a pipe.</summary>
    public static CliRun Recording => Master.Value.Run;

    /// <summary>
    /// The demo's seven runs a trader made (three Q1 backtests, one April backtest, three paper runs) in the order they
    /// started, without the 25 passes of its optimisation (their fingerprint names the study).
    /// </summary>
    public static List<string> TraderRuns(string path, string? runType = null) => Db.Query<string>(path,
        "SELECT run_id FROM strategy_runs WHERE json_extract(fingerprint_json, '$.study') IS NULL AND (@type IS NULL OR run_type = @type) ORDER BY start_utc, run_id",
        new { type = runType });

    // Recorded by the built `recorder` in a child process: the demo drives the stand-in platform, whose Core is one per
    // process, so this process's stand-in fixtures never meet it, whichever of them runs beside the fixture that asks
    // first.
    private static (string Path, CliRun Run) RecordMaster()
    {
        var path = Path.Combine(RunFolder.Path, "demo.db");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RunFolder.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "recorder.dll"), "demo", "--db", path })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("RECORDER_DB");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start recorder.dll for the demo");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A guard against a hang, not a measure: a loaded machine records the demo in a minute or two.
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the demo did not finish within 10 minutes");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"demo failed (exit {process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        }

        // Copied file by file, the master must be whole in itself: closed cleanly, nothing left in a WAL beside it.
        var beside = new[] { path + "-wal", path + "-shm", path + "-journal", path + ".runs" }.Where(p => File.Exists(p) || Directory.Exists(p)).ToList();
        if (beside.Count > 0)
        {
            throw new InvalidOperationException("the demo left files beside its database, which a copy would lose: " + string.Join(", ", beside));
        }

        return (path, new CliRun(process.ExitCode, stdout.Result, stderr.Result));
    }
}
