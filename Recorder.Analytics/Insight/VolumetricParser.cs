using System.Text.Json;

namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// Reads <c>bars.volumetric_json</c> as the plugin writes it (<c>delta</c>, <c>buy_volume</c>, <c>sell_volume</c>,
/// <c>poc</c>, …; a number may be null). Never throws on bad text: it returns the reason instead.
/// </summary>
public static class VolumetricParser
{
    /// <summary>
    /// The bar's volume analysis; (null, null) when there is none (<paramref name="json"/> null or empty), (null,
    /// reason) when the text is not a JSON object. A missing delta is buy − sell volume when both are given.
    /// </summary>
    public static (VolumetricBar? Bar, string? Error) Parse(DateTime openUtc, string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, $"volumetric_json is a JSON {root.ValueKind}, not an object");
            }

            var buy = Number(root, "buy_volume");
            var sell = Number(root, "sell_volume");
            var delta = Number(root, "delta") ?? (buy - sell);
            return (new VolumetricBar(openUtc, delta, buy, sell, Number(root, "poc")), null);
        }
        catch (JsonException e)
        {
            return (null, $"volumetric_json is not valid JSON: {e.Message}");
        }
    }

    private static double? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d)
            ? d
            : null;
}
