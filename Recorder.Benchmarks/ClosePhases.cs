using System.Diagnostics;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// Where a run's close goes: its analysis done again on the recorded file, part by part, as the writer's job does it
/// (the run read back, the analytics, the insight, the store), and the trial figures stored after it; then the same
/// analysis stored twice as a running run's, the second against the first, and its end's stored after a running store
/// of its first half (three rounds, the medians). Untimed by the ratios; printed beside them.
/// </summary>
internal static class ClosePhases
{
    /// <summary>The phases of the close of <paramref name="runId"/>, else of the file's newest run.</summary>
    public static IReadOnlyDictionary<string, double> Measure(string path, string? runId = null)
    {
        using var connection = DatabaseFile.OpenForWriting(path, TimeProvider.System);
        runId ??= BenchmarkOutput.Scalar(connection, "SELECT run_id FROM strategy_runs ORDER BY created_utc DESC, run_id DESC LIMIT 1")!;
        var times = new Dictionary<string, double>(StringComparer.Ordinal);
        var started = Stopwatch.GetTimestamp();

        double Lap()
        {
            var now = Stopwatch.GetTimestamp();
            var seconds = Stopwatch.GetElapsedTime(started, now).TotalSeconds;
            started = now;
            return Math.Round(seconds, 5);
        }

        var input = RunLoader.Load(connection, runId);
        times["close_phase_load_seconds"] = Lap();
        var analysis = RunAnalyzer.Analyze(input, AnalysisOptions.Default);
        times["close_phase_analytics_seconds"] = Lap();
        var insight = RunInsight.Compute(connection, runId, input, analysis);
        times["close_phase_insight_seconds"] = Lap();
        RunAnalysisStore.Store(connection, runId, input, analysis, insight, TimeProvider.System);
        times["close_phase_store_seconds"] = Lap();
        // After the close, not in it: the deflated Sharpe figures of the runs whose trials include this one.
        RunAnalysisStore.StoreTrialFigures(connection, [runId]);
        times["trial_figures_seconds"] = Lap();

        // A running run's store, as the writer makes one every interval: the first writes every row and notes each; the
        // next, of the same rows, compares them and writes only what changed (here the metrics_json's time). Three
        // rounds, the medians: the first round's stores also compile their code.
        var firsts = new List<double>();
        var agains = new List<double>();
        for (var round = 0; round < 3; round++)
        {
            var images = new StoredImages();
            RunAnalysisStore.StoreAgainst(connection, runId, input, analysis, insight, TimeProvider.System, images, wholeRun: false);
            firsts.Add(Lap());
            RunAnalysisStore.StoreAgainst(connection, runId, input, analysis, insight, TimeProvider.System, images, wholeRun: false);
            agains.Add(Lap());
        }

        var (first, again) = (firsts.Order().ElementAt(1), agains.Order().ElementAt(1));
        times["running_store_first_seconds"] = first;
        times["running_store_again_seconds"] = again;
        times["running_store_again_vs_first"] = Math.Round(again / first, 3);

        // A backtest's end after the store made while it recorded: the run as it stood at its middle stored as a running
        // run's, then its end's whole analysis stored against it, as the close stores it (the new rows inserted, those
        // that changed replaced under their key, the rest passed over); against the store of every row above.
        var half = Until(input, Middle(input));
        var halfAnalysis = RunAnalyzer.Analyze(half, AnalysisOptions.Default with { WholeRun = false });
        var halfInsight = RunInsight.Compute(connection, runId, half, halfAnalysis);
        var ends = new List<double>();
        for (var round = 0; round < 3; round++)
        {
            var images = new StoredImages();
            RunAnalysisStore.StoreAgainst(connection, runId, half, halfAnalysis, halfInsight, TimeProvider.System, images, wholeRun: false);
            Lap();
            RunAnalysisStore.StoreAgainst(connection, runId, input, analysis, insight, TimeProvider.System, images, wholeRun: true);
            ends.Add(Lap());
        }

        var end = ends.Order().ElementAt(1);
        times["end_store_after_running_seconds"] = end;
        times["end_store_after_running_vs_every_row"] = Math.Round(end / times["close_phase_store_seconds"], 3);
        return times;
    }

    // Halfway between the run's first and last fill (its start when it has none).
    private static DateTime Middle(RunInput input) => input.Fills.Count == 0
        ? DateTime.MinValue
        : new DateTime((input.Fills.Min(f => f.TimeUtc.Ticks) + input.Fills.Max(f => f.TimeUtc.Ticks)) / 2, DateTimeKind.Utc);

    // The run as it was recorded before `time`: its fills, orders and bars until then.
    private static RunInput Until(RunInput input, DateTime time) => input with
    {
        Fills = input.Fills.Where(f => f.TimeUtc < time).ToList(),
        Orders = input.Orders.Where(o => o.SubmitTimeUtc < time).ToList(),
        Bars = input.Bars.Select(series => series with { Bars = series.Bars.Where(b => b.TimeUtc < time).ToList() }).ToList(),
    };
}
