using System.Text.Json;

namespace QuantowerRecorder.Storage.Queries.Sql;

/// <summary>
/// Reads strategy_runs.metrics_json: its metrics (an object of key → number or key → {value, unit}, or an array of
/// {key, value, unit}, possibly under "metrics"), for files whose metrics were written only there, and its notes.
/// </summary>
internal static class MetricsJson
{
    public static List<MetricValue> Metrics(string? json)
    {
        var entries = new List<MetricValue>();
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
                        entries.Add(new MetricValue(key.GetString() ?? "", Number(item, "value"), Text(item, "unit")));
                    }
                }
            }
            else if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in root.EnumerateObject())
                {
                    var value = property.Value;
                    entries.Add(value.ValueKind == JsonValueKind.Object
                        ? new MetricValue(property.Name, Number(value, "value"), Text(value, "unit"))
                        : new MetricValue(property.Name, value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null, null));
                }
            }
        }
        catch (JsonException)
        {
            // A hand-edited or foreign metrics_json is not worth failing a read for; the run simply has no metrics.
        }

        return entries;
    }

    public static AnalysisNotes Notes(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return AnalysisNotes.None;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("notes", out var notes) || notes.ValueKind != JsonValueKind.Array)
            {
                return AnalysisNotes.None;
            }

            return new AnalysisNotes(notes.EnumerateArray()
                .Select(n => n.ValueKind == JsonValueKind.String ? n.GetString() ?? "" : "")
                .ToList(), true);
        }
        catch (JsonException)
        {
            return new AnalysisNotes([], false);
        }
    }

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
