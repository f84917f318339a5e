using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Metrics;

/// <summary>A run's stored metrics (Storage's <see cref="IPerformanceReader.Metrics"/>) in the order they are shown.</summary>
internal static class MetricsReader
{
    public static IReadOnlyList<MetricValue> ForRun(IRecorderReader reader, string runId) =>
        reader.Performance.Metrics(runId).OrderBy(e => MetricCatalog.Rank(e.Key)).ThenBy(e => e.Key, StringComparer.Ordinal).ToList();
}
