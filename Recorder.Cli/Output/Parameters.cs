using System.Text.Json;

namespace QuantowerRecorder.Cli.Output;

/// <summary>An instance's parameters_json as one short line ("fast=10 slow=30") for tables.</summary>
internal static class Parameters
{
    public static string Compact(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return "";
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return json;
            }

            return string.Join(" ", document.RootElement.EnumerateObject().Select(p =>
                p.Name + "=" + (p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText())));
        }
        catch (JsonException)
        {
            return json;
        }
    }

    /// <summary>What to call an instance: its name, or its parameters when it has none.</summary>
    public static string InstanceLabel(string? name, string? json) =>
        string.IsNullOrWhiteSpace(name) ? Compact(json) : name;
}
