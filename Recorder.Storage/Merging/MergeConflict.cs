using System.Globalization;
using System.Text.Json;

namespace QuantowerRecorder.Storage.Merging;

/// <summary>
/// A natural key the target holds with other content than the file: the target keeps its row and the incoming row is
/// kept in ingest_quarantine with its reason.
/// </summary>
/// <param name="Table">The table.</param>
/// <param name="Key">The natural key, its parts joined with '|'.</param>
/// <param name="RunId">The run the row belongs to (none for strategies and instances).</param>
/// <param name="StoredJson">The target's row (the columns compared) as JSON.</param>
/// <param name="IncomingJson">The file's row as JSON.</param>
/// <param name="AlreadyKept">True when an earlier merge quarantined the same incoming row: nothing was added now.</param>
public sealed record MergeConflict(string Table, string Key, string? RunId, string StoredJson, string IncomingJson, bool AlreadyKept)
{
    /// <summary>The columns that differ, as "column stored → incoming".</summary>
    public string Differences()
    {
        using var stored = JsonDocument.Parse(StoredJson);
        using var incoming = JsonDocument.Parse(IncomingJson);
        var parts = new List<string>();
        foreach (var property in stored.RootElement.EnumerateObject())
        {
            var before = Text(property.Value);
            var after = incoming.RootElement.TryGetProperty(property.Name, out var value) ? Text(value) : "null";
            if (!string.Equals(before, after, StringComparison.Ordinal))
            {
                parts.Add($"{property.Name} {before} → {after}");
            }
        }

        return string.Join(", ", parts);
    }

    // SQLite writes a REAL 5000 as 5000.0: numbers are shown as the doubles they are, so 5000 reads as push shows it.
    private static string Text(JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.Number
            ? value.GetDouble().ToString("R", CultureInfo.InvariantCulture)
            : value.GetRawText();
        return text.Length <= 60 ? text : text[..57] + "...";
    }
}
