using System.Text.Json;

namespace QuantowerRecorder.Storage.Queries.Sql;

/// <summary>
/// JSON read from a PostgreSQL jsonb column, in the recorder's canonical form. jsonb keeps the content, not the text:
/// keys come back ordered by length, with spaces. The recorder writes parameters canonically (Identity.CanonicalJson:
/// compact, keys in ordinal order, System.Text.Json's escaping), so writing jsonb's content that way gives back the
/// file's text for them; other JSON keeps its content and gets the same form. Numbers keep jsonb's text. The team store's
/// reader (<see cref="PostgreSql.TeamReader"/>) reads every jsonb column so.
/// </summary>
internal static class JsonbText
{
    /// <summary>The members of a JSON object, each value mapped; none when the text is not a JSON object.</summary>
    public static Dictionary<string, T> Fields<T>(string? json, Func<JsonElement, T> value)
    {
        var fields = new Dictionary<string, T>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return fields;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    fields[property.Name] = value(property.Value);
                }
            }
        }
        catch (JsonException)
        {
            fields.Clear();
        }

        return fields;
    }

    public static string Canonical(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Identity.CanonicalJson.Written(writer => Write(writer, document.RootElement));
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(element.GetRawText());
                break;
            case JsonValueKind.True or JsonValueKind.False:
                writer.WriteBooleanValue(element.GetBoolean());
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
