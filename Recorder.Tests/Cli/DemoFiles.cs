using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// Demo databases for tests. Making one takes about a second, so read-only tests share one per fixture and tests
/// that change a file make their own.
/// </summary>
internal static class DemoFiles
{
    public static TempDatabase Create()
    {
        var db = new TempDatabase("demo.db");
        var run = Cli.Run(db.Folder, "demo", "--db", db.Path);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException("demo failed: " + run);
        }

        return db;
    }

    /// <summary>
    /// The demo's seven runs a trader made (three Q1 backtests, one April backtest, three paper runs) in the order they
    /// started, without the 25 passes of its optimisation (their fingerprint names the study).
    /// </summary>
    public static List<string> TraderRuns(string path, string? runType = null) => Db.Query<string>(path,
        "SELECT run_id FROM strategy_runs WHERE json_extract(fingerprint_json, '$.study') IS NULL AND (@type IS NULL OR run_type = @type) ORDER BY start_utc, run_id",
        new { type = runType });
}
