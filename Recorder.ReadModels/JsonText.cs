using System.Text.Json;
using System.Text.Json.Nodes;

namespace QuantowerRecorder.ReadModels;

/// <summary>JSON the schema keeps as text (parameters_json, symbols_json) given as JSON, not as a string of it.</summary>
internal static class JsonText
{
    /// <summary>The parsed value; text that is not JSON (written by hand into the file) stays the text it is.</summary>
    public static JsonNode? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
