using System.Text.Json;

namespace QuantowerRecorder.Storage.PostgreSql.Push;

/// <summary>A natural key whose content differs between the team database and a file: both kept in team_conflicts.</summary>
public sealed record PushConflict(string Table, string Key, string StoredJson, string IncomingJson)
{
    /// <summary>The columns that differ, as "column stored → incoming", for the report.</summary>
    public string Differences()
    {
        using var stored = JsonDocument.Parse(StoredJson);
        using var incoming = JsonDocument.Parse(IncomingJson);
        var parts = new List<string>();
        foreach (var property in stored.RootElement.EnumerateObject())
        {
            var other = incoming.RootElement.TryGetProperty(property.Name, out var value) ? value.GetRawText() : "null";
            // PostgreSQL writes both as normalised jsonb text, so equal values have equal text.
            if (!string.Equals(property.Value.GetRawText(), other, StringComparison.Ordinal))
            {
                parts.Add($"{property.Name} {Short(property.Value.GetRawText())} → {Short(other)}");
            }
        }

        return string.Join(", ", parts);
    }

    private static string Short(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
