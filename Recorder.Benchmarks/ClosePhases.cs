using System.Diagnostics;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// Where a run's close goes: its analysis done again on the recorded file, part by part, as the writer's job does it
/// (the run read back, its trials, the analytics, the insight, the store). Untimed by the ratios; printed beside them.
/// </summary>
internal static class ClosePhases
{
    public static IReadOnlyDictionary<string, double> Measure(string path)
    {
        using var connection = DatabaseFile.OpenForWriting(path, TimeProvider.System);
        var runId = BenchmarkOutput.Scalar(connection, "SELECT run_id FROM strategy_runs")!;
        var times = new Dictionary<string, double>(StringComparer.Ordinal);
        var started = Stopwatch.GetTimestamp();

        double Lap()
        {
            var now = Stopwatch.GetTimestamp();
            var seconds = Stopwatch.GetElapsedTime(started, now).TotalSeconds;
            started = now;
            return Math.Round(seconds, 3);
        }

        var input = RunLoader.Load(connection, runId);
        times["close_phase_load_seconds"] = Lap();
        var options = RunAnalysisStore.TrialsOf(connection, runId, AnalysisOptions.Default);
        times["close_phase_trials_seconds"] = Lap();
        var analysis = RunAnalyzer.Analyze(input, options);
        times["close_phase_analytics_seconds"] = Lap();
        var insight = RunInsight.Compute(connection, runId, input, analysis);
        times["close_phase_insight_seconds"] = Lap();
        RunAnalysisStore.Store(connection, runId, analysis, insight, TimeProvider.System);
        times["close_phase_store_seconds"] = Lap();
        return times;
    }
}
