using System.Globalization;
using QuantowerRecorder.Storage.Writing;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Diagnostics;

/// <summary>The recorder's health as strategy metrics: what a trader checks to trust that the file is complete.</summary>
internal static class HealthMetrics
{
    public static void AddTo(List<StrategyMetric> metrics, string state, string? databasePath, string? runId,
        RecorderCounters? counters, ProblemLog problems)
    {
        metrics.Add("Recorder state", state);
        metrics.Add("Database", databasePath ?? "(not open)");
        metrics.Add("Run id", runId ?? "(none)");
        if (counters is not null)
        {
            metrics.Add("Events recorded", Number(counters.Committed));
            metrics.Add("Queue depth", Number(counters.QueueDepth));
            metrics.Add("Write lag (ms)", Number((long)counters.OldestUncommittedAge.TotalMilliseconds));
            metrics.Add("Last commit (ms)", counters.LastCommitLatency.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture));
            metrics.Add("Quarantined", Number(counters.Quarantined));
            metrics.Add("Write failures: busy/locked (retried)", Number(counters.TransientFailures));
            metrics.Add("Write failures: file (full, read-only, I/O, damaged)", Number(counters.FileFailures));
            metrics.Add("Recorder bugs (see log)", Number(counters.Bugs));
            metrics.Add("Duplicates ignored", Number(counters.Duplicates));
            metrics.Add("Queue overflow", Number(counters.Overflowed));
            metrics.Add("Backtest waited for the writer (ms)", Number((long)counters.ProducerWaitTime.TotalMilliseconds));
            metrics.Add("Queue memory (KiB)", Number(counters.QueuedBytes / 1024));
            metrics.Add("In spill file (waiting for the file)", Number(counters.Spilled));
            foreach (var (kind, count) in counters.GaveWay)
            {
                metrics.Add($"Not queued: {kind} updates (memory budget)", Number(count));
            }

            metrics.Add("WAL size (KiB)", Number(counters.WalBytes / 1024));
            if (counters.LastError is { } writerError)
            {
                metrics.Add("Writer last error", writerError);
            }
        }

        metrics.Add("Recorder problems", Number(problems.Count));
        if (problems.Last is { } last)
        {
            metrics.Add("Last problem", last);
        }
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
