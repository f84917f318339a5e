using System.Text.Json;
using System.Text.Json.Serialization;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The JSON of <c>ingest_events.payload_json</c> (documented in docs/events.md): the event's own properties, enums
/// as names. Source-generated: no reflection on the writer's hot path.
/// </summary>
internal static class PayloadJson
{
    public static string Serialize(RecorderEvent e) => e switch
    {
        BarRecorded b => JsonSerializer.Serialize(b, PayloadContext.Default.BarRecorded),
        OrderSnapshot o => JsonSerializer.Serialize(o, PayloadContext.Default.OrderSnapshot),
        ExecutionRecorded x => JsonSerializer.Serialize(x, PayloadContext.Default.ExecutionRecorded),
        StrategyDefined s => JsonSerializer.Serialize(s, PayloadContext.Default.StrategyDefined),
        InstanceDefined i => JsonSerializer.Serialize(i, PayloadContext.Default.InstanceDefined),
        RunStarted r => JsonSerializer.Serialize(r, PayloadContext.Default.RunStarted),
        RunProgress p => JsonSerializer.Serialize(p, PayloadContext.Default.RunProgress),
        RunEnded r => JsonSerializer.Serialize(r, PayloadContext.Default.RunEnded),
        OcoGroupDefined g => JsonSerializer.Serialize(g, PayloadContext.Default.OcoGroupDefined),
        OcoLinkAdded l => JsonSerializer.Serialize(l, PayloadContext.Default.OcoLinkAdded),
        SeriesDefined s => JsonSerializer.Serialize(s, PayloadContext.Default.SeriesDefined),
        InstrumentDefined d => JsonSerializer.Serialize(d, PayloadContext.Default.InstrumentDefined),
        _ => throw new Rejection($"unknown event kind {e.GetType().Name}"),
    };

    /// <summary>The raw payload of an event that is being quarantined; never throws.</summary>
    public static string SerializeRaw(RecorderEvent? e)
    {
        if (e is null)
        {
            return "null";
        }

        try
        {
            return Serialize(e);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or Rejection or NotSupportedException)
        {
            return JsonSerializer.Serialize(
                new Dictionary<string, string> { ["type"] = e.GetType().Name, ["unserializable"] = TextRules.Clean(ex.Message) },
                PayloadContext.Default.DictionaryStringString);
        }
    }

    /// <summary>Reads a stored payload back into its event.</summary>
    public static RecorderEvent Deserialize(string eventType, string json) => eventType switch
    {
        EventTypes.Bar => (RecorderEvent?)JsonSerializer.Deserialize(json, PayloadContext.Default.BarRecorded),
        EventTypes.Order => JsonSerializer.Deserialize(json, PayloadContext.Default.OrderSnapshot),
        EventTypes.Execution => JsonSerializer.Deserialize(json, PayloadContext.Default.ExecutionRecorded),
        EventTypes.StrategyDefined => JsonSerializer.Deserialize(json, PayloadContext.Default.StrategyDefined),
        EventTypes.InstanceDefined => JsonSerializer.Deserialize(json, PayloadContext.Default.InstanceDefined),
        EventTypes.RunStarted => JsonSerializer.Deserialize(json, PayloadContext.Default.RunStarted),
        EventTypes.RunProgress => JsonSerializer.Deserialize(json, PayloadContext.Default.RunProgress),
        EventTypes.RunEnded => JsonSerializer.Deserialize(json, PayloadContext.Default.RunEnded),
        EventTypes.OcoGroup => JsonSerializer.Deserialize(json, PayloadContext.Default.OcoGroupDefined),
        EventTypes.OcoLink => JsonSerializer.Deserialize(json, PayloadContext.Default.OcoLinkAdded),
        EventTypes.Series => JsonSerializer.Deserialize(json, PayloadContext.Default.SeriesDefined),
        EventTypes.InstrumentDefined => JsonSerializer.Deserialize(json, PayloadContext.Default.InstrumentDefined),
        _ => throw new JsonException($"unknown event type '{eventType}'"),
    } ?? throw new JsonException("payload is null");
}

[JsonSourceGenerationOptions(
    UseStringEnumConverter = true,
    IgnoreReadOnlyProperties = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BarRecorded))]
[JsonSerializable(typeof(OrderSnapshot))]
[JsonSerializable(typeof(ExecutionRecorded))]
[JsonSerializable(typeof(StrategyDefined))]
[JsonSerializable(typeof(InstanceDefined))]
[JsonSerializable(typeof(RunStarted))]
[JsonSerializable(typeof(RunProgress))]
[JsonSerializable(typeof(RunEnded))]
[JsonSerializable(typeof(OcoGroupDefined))]
[JsonSerializable(typeof(OcoLinkAdded))]
[JsonSerializable(typeof(SeriesDefined))]
[JsonSerializable(typeof(InstrumentDefined))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class PayloadContext : JsonSerializerContext;
