using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Cli.Metrics;

/// <summary>
/// Reads a run's metrics from run_metrics_kv, falling back to strategy_runs.metrics_json (an object of key → number
/// or key → {value, unit}) for files whose metrics were written only there.
/// </summary>
internal static class MetricsReader
{
    public static IReadOnlyList<MetricEntry> ForRun(SqliteConnection connection, string runId)
    {
        var rows = connection.Query<(string Key, double? Value, string? Unit)>(
            "SELECT key, value, unit FROM run_metrics_kv WHERE run_id = @runId", new { runId }).ToList();
        var entries = rows.Count > 0
            ? rows.Select(r => new MetricEntry(r.Key, r.Value, r.Unit)).ToList()
            : FromJson(connection.ExecuteScalar<string?>("SELECT metrics_json FROM strategy_runs WHERE run_id = @runId", new { runId }));
        return entries.OrderBy(e => MetricCatalog.Rank(e.Key)).ThenBy(e => e.Key, StringComparer.Ordinal).ToList();
    }

    private static List<MetricEntry> FromJson(string? json)
    {
        var entries = new List<MetricEntry>();
        if (string.IsNullOrWhiteSpace(json))
        {
            return entries;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("metrics", out var nested))
            {
                root = nested;
            }

            if (root.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in root.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("key", out var key))
                    {
                        entries.Add(new MetricEntry(key.GetString() ?? "", Number(item, "value"), Text(item, "unit")));
                    }
                }
            }
            else if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in root.EnumerateObject())
                {
                    var value = property.Value;
                    entries.Add(value.ValueKind == JsonValueKind.Object
                        ? new MetricEntry(property.Name, Number(value, "value"), Text(value, "unit"))
                        : new MetricEntry(property.Name, value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null, null));
                }
            }
        }
        catch (JsonException)
        {
            // A hand-edited or foreign metrics_json is not worth failing `show` for; the run simply has no metrics.
        }

        return entries;
    }

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
