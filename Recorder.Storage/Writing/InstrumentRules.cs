using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Normalises an <see cref="InstrumentDefined"/>: a size or value that is NaN, infinite or not positive is not a fact
/// about the contract, so it is stored as NULL and the reason is added to extra_json under "dropped" (the analysis
/// then falls back and says so). A missing tick value or point value is derived from the other and the tick size.
/// Idempotent: a second pass finds nothing more to drop or derive.
/// </summary>
internal static class InstrumentRules
{
    public static InstrumentDefined Normalize(InstrumentDefined d, string runId, DateTime time)
    {
        var dropped = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var normalized = d with
        {
            RunId = runId, EventUtc = time,
            Symbol = TextRules.Id(d.Symbol, "symbol"),
            TickSize = Positive(d.TickSize, "tick_size", dropped),
            TickValue = Positive(d.TickValue, "tick_value", dropped),
            PointValue = Positive(d.PointValue, "point_value", dropped),
            LotSize = Positive(d.LotSize, "lot_size", dropped),
            Currency = Code(d.Currency),
            AccountCurrency = Code(d.AccountCurrency),
            SymbolType = Code(d.SymbolType),
            Exchange = TextRules.Text(d.Exchange),
            ExpirationUtc = EventNormalizer.OptionalTime(d.ExpirationUtc),
            VariableTicksJson = TextRules.Json(d.VariableTicksJson, "variable ticks"),
            ExtraJson = TextRules.Json(d.ExtraJson, "extra"),
        };
        // Each of tick value and point value follows from the other and the tick size: store both.
        if (normalized.TickSize is { } size)
        {
            normalized = normalized with
            {
                PointValue = normalized.PointValue ?? normalized.TickValue / size,
                TickValue = normalized.TickValue ?? normalized.PointValue * size,
            };
        }

        return dropped.Count == 0 ? normalized : normalized with { ExtraJson = WithDropped(normalized.ExtraJson, dropped) };
    }

    private static double? Positive(double? value, string field, SortedDictionary<string, string> dropped)
    {
        if (value is not { } v)
        {
            return null;
        }

        if (double.IsFinite(v) && v > 0)
        {
            return v;
        }

        dropped[field] = v.ToString(CultureInfo.InvariantCulture) + " is not a positive number";
        return null;
    }

    private static string? Code(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : TextRules.Upper(TextRules.Text(value, TextRules.MaxIdLength)!);

    private static string WithDropped(string? extra, SortedDictionary<string, string> dropped)
    {
        JsonObject root;
        try
        {
            root = extra is null ? [] : JsonNode.Parse(extra) as JsonObject ?? new JsonObject { ["extra"] = JsonNode.Parse(extra) };
        }
        catch (JsonException)
        {
            root = new JsonObject { ["extra"] = extra };
        }

        if (root["dropped"] is not JsonObject list)
        {
            list = [];
            root["dropped"] = list;
        }

        foreach (var (field, reason) in dropped)
        {
            list[field] = reason;
        }

        return root.ToJsonString();
    }
}
