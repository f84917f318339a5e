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
internal sealed partial class StoreJson : JsonSerializerContext
{
    /// <summary>
    /// A list of ids as the JSON array the serializer writes for it (a trade's order ids: two a row, thousands of rows at
    /// a run's end, on the writer's thread). Ids made only of letters, digits and <c>-_.:</c>, which the serializer
    /// writes as they are, are joined directly; any other goes through the serializer, which escapes what it must.
    /// </summary>
    public static string Ids(IReadOnlyList<string> ids)
    {
        var length = 2 + Math.Max(0, ids.Count - 1);
        foreach (var id in ids)
        {
            if (!Plain(id))
            {
                return JsonSerializer.Serialize(ids, Default.IReadOnlyListString);
            }

            length += id.Length + 2;
        }

        return string.Create(length, ids, static (span, list) =>
        {
            var at = 0;
            span[at++] = '[';
            for (var i = 0; i < list.Count; i++)
            {
                if (i > 0)
                {
                    span[at++] = ',';
                }

                span[at++] = '"';
                list[i].AsSpan().CopyTo(span[at..]);
                at += list[i].Length;
                span[at++] = '"';
            }

            span[at] = ']';
        });
    }

    private static bool Plain(string id)
    {
        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.' or ':'))
            {
                return false;
            }
        }

        return true;
    }
}
