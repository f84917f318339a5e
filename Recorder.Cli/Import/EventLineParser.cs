using System.Text.Json;
using System.Text.Json.Serialization;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Cli.Import;

/// <summary>
/// Reads one line of the import format (docs/events.md): a JSON object with an <c>event_type</c> and the event's
/// payload as stored in ingest_events.payload_json (snake_case names, enums by name). A line that cannot become an
/// event gives an error message instead; whether the event is acceptable is then the recorder pipeline's call.
/// </summary>
internal static class EventLineParser
{
    // Mirrors the options of Storage's PayloadJson context (snake_case, string enums, named float literals).
    // PayloadJson itself is internal to an assembly that grants access to "Recorder.Cli", while this assembly is
    // named "recorder"; a test checks that both read the same payloads the same way.
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        IgnoreReadOnlyProperties = true,
        Converters = { new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false) },
    };

    private static readonly Dictionary<string, Type> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [EventTypes.StrategyDefined] = typeof(StrategyDefined),
        [EventTypes.InstanceDefined] = typeof(InstanceDefined),
        [EventTypes.RunStarted] = typeof(RunStarted),
        [EventTypes.RunProgress] = typeof(RunProgress),
        [EventTypes.RunEnded] = typeof(RunEnded),
        [EventTypes.Order] = typeof(OrderSnapshot),
        [EventTypes.Execution] = typeof(ExecutionRecorded),
        [EventTypes.OcoGroup] = typeof(OcoGroupDefined),
        [EventTypes.OcoLink] = typeof(OcoLinkAdded),
        [EventTypes.Series] = typeof(SeriesDefined),
        [EventTypes.Bar] = typeof(BarRecorded),
    };

    public static IEnumerable<string> KnownTypes => Types.Keys.Order(StringComparer.Ordinal);

    /// <summary>The event on the line, or null with the reason it is not one.</summary>
    public static RecorderEvent? Parse(string line, out string? error)
    {
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
            if (!Types.TryGetValue(eventType, out var type))
            {
                error = $"unknown event_type '{eventType}' (expected one of {string.Join(", ", KnownTypes)})";
                return null;
            }

            var parsed = (RecorderEvent?)root.Deserialize(type, Options);
            if (parsed is null)
            {
                error = "the payload is null";
            }

            return parsed;
        }
        catch (JsonException ex)
        {
            // Messages name the missing or malformed property, e.g. "missing required properties including: 'price'".
            error = "not a valid event: " + ex.Message;
            return null;
        }
    }
}
