using System.Text.Json;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// An instance's parameters_json as one short line ("fast=10 slow=30"), and what to call an instance, for the CLI's
/// tables and the tearsheet's labels alike.
/// </summary>
public static class InstanceParameters
{
    /// <summary>The parameters as "name=value" pairs in stored order; the text as stored when it is not a JSON object.</summary>
    public static string Compact(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return "";
        }

        return Pairs(json) is { } pairs ? string.Join(" ", pairs.Select(p => p.Name + "=" + p.Value)) : json;
    }

    /// <summary>What to call an instance: its name, or its parameters when it has none.</summary>
    public static string InstanceLabel(string? name, string? json) =>
        string.IsNullOrWhiteSpace(name) ? Compact(json) : name;

    // The parameters as (name, value) pairs in stored order, a text value without its quotes; null when the text is
    // not a JSON object (then it is shown as stored).
    private static List<(string Name, string Value)>? Pairs(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind != JsonValueKind.Object ? null : document.RootElement.EnumerateObject()
                .Select(p => (p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()))
                .ToList();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
