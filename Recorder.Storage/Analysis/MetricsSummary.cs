using System.Text.Json.Serialization;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>The shape of <c>strategy_runs.metrics_json</c>.</summary>
internal sealed record MetricsSummary(
    [property: JsonPropertyName("analyzed_utc")] string AnalyzedUtc,
    [property: JsonPropertyName("metrics")] Dictionary<string, double?> Metrics,
    [property: JsonPropertyName("units")] Dictionary<string, string> Units,
    [property: JsonPropertyName("notes")] List<string> Notes);

[JsonSerializable(typeof(MetricsSummary))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class StoreJson : JsonSerializerContext;
