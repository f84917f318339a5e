using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace QuantowerRecorder.Tests.Team;

/// <summary>
/// Read results as JSON for comparing two stores value by value. A string holding a JSON object or array (a *_json
/// column) is compared as JSON: PostgreSQL's jsonb keeps the content, not the key order or spacing (docs/team-store.md).
/// </summary>
internal static class ComparableJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonTextAsJson() },
    };

    /// <summary>The JSON with every object's keys sorted, compact.</summary>
    public static string Sorted(string json) => Sort(JsonNode.Parse(json))?.ToJsonString() ?? "null";

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sort(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sort).ToArray()),
        null => null,
        _ => JsonNode.Parse(node.ToJsonString()),
    };

    private sealed class JsonTextAsJson : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString();

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
        {
            var trimmed = value.TrimStart();
            if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
            {
                try
                {
                    writer.WriteStringValue("json:" + Sorted(value));
                    return;
                }
                catch (JsonException)
                {
                    // Not JSON after all: compared as the text it is.
                }
            }

            writer.WriteStringValue(value);
        }
    }
}
