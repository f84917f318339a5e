using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// Demo databases for tests: copies of the run's one recording of `recorder demo` by the real program
/// (<see cref="SharedDemo.Program"/>), each caller's own, to read or to change. Tests of the `demo` command over an
/// existing file, and tests that need two different recordings (a copy has the same run ids), run the command instead.
/// </summary>
internal static class DemoFiles
{
    public static TempDatabase Create()
    {
        var db = new TempDatabase("demo.db");
        File.Copy(SharedDemo.Program.Database, db.Path);
        return db;
    }

    /// <summary>The `recorder demo` that recorded the run's demo: its exit code and what it printed to a pipe.</summary>
    public static CliRun Recording => SharedDemo.Program.Run;

    /// <summary>
    /// The demo's seven runs a trader made (three Q1 backtests, one April backtest, three paper runs) in the order they
    /// started, without the 25 passes of its optimisation (their fingerprint names the study).
    /// </summary>
    public static List<string> TraderRuns(string path, string? runType = null) => Db.Query<string>(path,
        "SELECT run_id FROM strategy_runs WHERE json_extract(fingerprint_json, '$.study') IS NULL AND (@type IS NULL OR run_type = @type) ORDER BY start_utc, run_id",
        new { type = runType });
}
