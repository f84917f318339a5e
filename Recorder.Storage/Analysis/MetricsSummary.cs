using System.Text.Json;
using System.Text.Json.Serialization;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>The shape of <c>strategy_runs.metrics_json</c>.</summary>
internal sealed record MetricsSummary(
    [property: JsonPropertyName("analyzed_utc")] string AnalyzedUtc,
    [property: JsonPropertyName("metrics")] Dictionary<string, double?> Metrics,
    [property: JsonPropertyName("units")] Dictionary<string, string> Units,
    [property: JsonPropertyName("notes")] List<string> Notes)
{
    /// <summary>The metrics_json of an analysis whose metrics (the analysis' and the insight's) are <paramref name="metrics"/>.</summary>
    public static string Json(List<Metric> metrics, RunAnalysis analysis, RunInsight insight, DateTimeOffset analysedUtc) =>
        JsonSerializer.Serialize(
            new MetricsSummary(
                Timestamps.Format(analysedUtc),
                metrics.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal),
                metrics.ToDictionary(m => m.Key, m => m.Unit, StringComparer.Ordinal),
                analysis.Notes.Concat(insight.Notes).Select(n => n.Key + ": " + n.Message).ToList()),
            StoreJson.Default.MetricsSummary);
}

[JsonSerializable(typeof(MetricsSummary))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class StoreJson : JsonSerializerContext;
