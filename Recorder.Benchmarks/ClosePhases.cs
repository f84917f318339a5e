using System.Diagnostics;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// Where a run's close goes: its analysis done again on the recorded file, part by part, as the writer's job does it
/// (the run read back, the analytics, the insight, the store), and the trial figures stored after it; then the same
/// analysis stored twice as a running run's, the second against the first (three rounds, the medians). Untimed by the ratios; printed beside them.
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
            RunAnalysisStore.StoreRunning(connection, runId, input, analysis, insight, TimeProvider.System, images);
            firsts.Add(Lap());
            RunAnalysisStore.StoreRunning(connection, runId, input, analysis, insight, TimeProvider.System, images);
            agains.Add(Lap());
        }

        var (first, again) = (firsts.Order().ElementAt(1), agains.Order().ElementAt(1));
        times["running_store_first_seconds"] = first;
        times["running_store_again_seconds"] = again;
        times["running_store_again_vs_first"] = Math.Round(again / first, 3);
        return times;
    }
}
