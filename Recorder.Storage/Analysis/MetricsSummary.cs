using System.Text.Json;
using System.Text.Json.Serialization;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>
/// The shape of <c>strategy_runs.metrics_json</c>. <c>as_of_utc</c> is the run's time (<c>event_utc</c>) of the newest
/// event the analysis saw, so the same rows give the same value however and whenever they are analysed (absent where
/// the analysis did not read the raw log: the team store's); <c>whole_run</c> is false for a running run's analysis,
/// which leaves out what needs the whole run (<see cref="MetricKeys.WholeRun"/>); <c>money_decimals</c> is the precision
/// its money figures are stored at (<see cref="StoredPrecision"/>), for views that add or average them.
/// </summary>
internal sealed record MetricsSummary(
    [property: JsonPropertyName("analyzed_utc")] string AnalyzedUtc,
    [property: JsonPropertyName("as_of_utc"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AsOfUtc,
    [property: JsonPropertyName("whole_run")] bool WholeRun,
    [property: JsonPropertyName("money_decimals")] int MoneyDecimals,
    [property: JsonPropertyName("metrics")] Dictionary<string, double?> Metrics,
    [property: JsonPropertyName("units")] Dictionary<string, string> Units,
    [property: JsonPropertyName("notes")] List<string> Notes)
{
    /// <summary>The metrics_json of an analysis whose metrics (the analysis' and the insight's) are <paramref name="metrics"/>.</summary>
    public static string Json(List<Metric> metrics, RunAnalysis analysis, RunInsight insight, StoredPrecision precision, DateTimeOffset analysedUtc,
        string? asOfUtc = null, bool wholeRun = true) =>
        JsonSerializer.Serialize(
            new MetricsSummary(
                Timestamps.Format(analysedUtc),
                asOfUtc,
                wholeRun,
                precision.MoneyDecimals,
                metrics.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal),
                metrics.ToDictionary(m => m.Key, m => m.Unit, StringComparer.Ordinal),
                analysis.Notes.Concat(insight.Notes).Select(n => n.Key + ": " + n.Message).ToList()),
            StoreJson.Default.MetricsSummary);
}

[JsonSerializable(typeof(MetricsSummary))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class StoreJson : JsonSerializerContext;
