using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// A JSON document held in a text property (<c>volumetric_json</c>, <c>extra_json</c>, <c>parameters_json</c>, …) is
/// written into the payload as JSON, not as an escaped string within a string: a fifth of the bytes, and readable in
/// DB Browser (<c>json_extract(payload_json, '$.volumetric_json.delta')</c>). Only an object or array with nothing
/// around it is nested, because only those read back to the very same text; anything else stays a string. Reading
/// accepts both forms, so files and imports written before keep working.
/// </summary>
internal sealed class NestedJsonConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.StartObject or JsonTokenType.StartArray => Raw(ref reader),
            _ => throw new JsonException($"expected a JSON object, array or text, found {reader.TokenType}"),
        };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => WriteValue(writer, value);

    // The document's text as it came, from a document on pooled buffers given back at once (a JsonElement of its own
    // keeps a copy of the bytes and its index in arrays of its own: a bar's volumetric payload allocated three times).
    private static string Raw(ref Utf8JsonReader reader)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }

    // The last texts this thread found to be valid documents. A run's order states mostly carry a few extra_json texts
    // between them (a platform's states differ in a field or two; a fill's is its own): comparing with those costs a
    // fraction of parsing again, which was the largest managed entry of the writer's thread per order event
    // (docs/benchmarks.md). The bytes written are the same either way.
    private const int Remembered = 4;

    [ThreadStatic]
    private static string?[]? valid;

    [ThreadStatic]
    private static int nextValid;

    /// <summary>The value as this converter writes it (<see cref="StoredPayloads"/> writes its events' without a contract).</summary>
    public static void WriteValue(Utf8JsonWriter writer, string value)
    {
        if (IsNestable(value))
        {
            var known = valid ??= new string?[Remembered];
            if (Array.IndexOf(known, value) >= 0)
            {
                writer.WriteRawValue(value, skipInputValidation: true);
                return;
            }

            try
            {
                // Validated before anything is written: on a bad document the writer is untouched.
                writer.WriteRawValue(value, skipInputValidation: false);
                known[nextValid] = value;
                nextValid = (nextValid + 1) % Remembered;
                return;
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
            {
                // Not valid JSON after all: kept as the text it is.
            }
        }

        writer.WriteStringValue(value);
    }

    /// <summary>An object or array as the whole text: no surrounding whitespace, which reading back would drop.</summary>
    private static bool IsNestable(string value) =>
        value.Length >= 2 && ((value[0] == '{' && value[^1] == '}') || (value[0] == '[' && value[^1] == ']'));
}
