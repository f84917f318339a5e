using System.Text.Json;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Ingest;

/// <summary>
/// Reads one line of the import format (docs/events.md): a JSON object with an <c>event_type</c> and the event's
/// payload as stored in ingest_events.payload_json (snake_case names, enums by name). A line that cannot become an
/// event gives an error message instead; whether the event is acceptable is then the recorder pipeline's call.
/// `recorder import` and the server's ingest both read events here, so a line means the same on either way in.
/// </summary>
public static class EventLine
{
    private static readonly string[] Types =
    [
        EventTypes.StrategyDefined, EventTypes.InstanceDefined, EventTypes.RunStarted, EventTypes.RunProgress,
        EventTypes.RunEnded, EventTypes.Order, EventTypes.Execution, EventTypes.OcoGroup, EventTypes.OcoLink,
        EventTypes.Series, EventTypes.Bar, EventTypes.InstrumentDefined, EventTypes.Decision,
    ];

    /// <summary>The event types a line may carry, in ordinal order.</summary>
    public static IEnumerable<string> KnownTypes => Types.Order(StringComparer.Ordinal);

    /// <summary>The event on the line, or null with the reason it is not one.</summary>
    public static RecorderEvent? Parse(string line, out string? error)
    {
        ArgumentNullException.ThrowIfNull(line);
        error = null;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "not a JSON object";
                return null;
            }

            if (!root.TryGetProperty("event_type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                error = "no \"event_type\" (one of " + string.Join(", ", KnownTypes) + ")";
                return null;
            }

            var eventType = typeElement.GetString()!;
            var type = Array.Find(Types, t => string.Equals(t, eventType, StringComparison.OrdinalIgnoreCase));
            if (type is null)
            {
                error = $"unknown event_type '{eventType}' (expected one of {string.Join(", ", KnownTypes)})";
                return null;
            }

            // The stored payload's own reader: the line is that payload plus "event_type", which it ignores.
            return EventJson.Parse(type, line);
        }
        catch (JsonException ex)
        {
            // Messages name the missing or malformed property, e.g. "missing required properties including: 'price'".
            error = "not a valid event: " + ex.Message;
            return null;
        }
        catch (InvalidOperationException ex)
        {
            // Text JSON can carry but a string cannot hold, such as an unpaired surrogate ("\ud800") in a name: the
            // reader refuses it with InvalidOperationException, and the line is bad input like any other.
            error = "not a valid event: " + ex.Message;
            return null;
        }
    }
}
