using System.Collections.Frozen;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The JSON of an event. Two forms (docs/events.md):
/// <list type="bullet">
/// <item>the <b>event</b> (<see cref="SerializeEvent"/>, <see cref="Deserialize"/>): every property, as `recorder import`
/// reads it, the spill file keeps it and the quarantine shows it;</item>
/// <item>the <b>stored payload</b> of <c>ingest_events.payload_json</c> (<see cref="Serialize"/>,
/// <see cref="DeserializeStored"/>): the same without <c>run_id</c>, <c>event_utc</c> and <c>source</c>, which the row holds
/// in its own columns, and without a bar's <c>is_closed</c> when true (together a third of a bar's bytes). <c>v_events.event_json</c> puts them back.</item>
/// </list>
/// Enums as names, nested JSON documents as JSON (<see cref="NestedJsonConverter"/>), no escaping beyond what JSON
/// needs. Source-generated: no reflection on the writer's hot path.
/// </summary>
internal static class PayloadJson
{
    /// <summary>The shape of the stored payload, in <c>ingest_events.payload_version</c>: 2 since schema version 5.</summary>
    public const int StoredVersion = 2;

    // Both are locked at once: options that can still change do not cache their contracts, so every GetTypeInfo
    // would build the contract anew (and run the modifier) for every event the writer serializes.
    private static readonly JsonSerializerOptions EventOptions = Locked(new(PayloadContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private static readonly JsonSerializerOptions StoredOptions = Locked(new(PayloadContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = PayloadContext.Default.WithAddedModifier(WithoutRowColumns),
    });

    /// <summary>The stored payload of an event (without the row's own columns).</summary>
    public static string Serialize(RecorderEvent e) => JsonSerializer.Serialize(e, StoredContract(e));

    /// <summary>
    /// The stored payload written into <paramref name="writer"/> as UTF-8, the same text as <see cref="Serialize"/>:
    /// the raw log's hot path binds these bytes without making a string. The writer must use <see cref="WriterOptions"/>.
    /// </summary>
    public static void SerializeTo(Utf8JsonWriter writer, RecorderEvent e)
    {
        // An order's state and a fill, the most frequent, are written by hand, byte for byte as the contract writes them.
        if (!StoredPayloads.TryWrite(writer, e))
        {
            JsonSerializer.Serialize(writer, e, StoredContract(e));
        }
    }

    /// <summary>How a writer for <see cref="SerializeTo"/> escapes: as the stored payload does.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The whole event, as `recorder import` reads it.</summary>
    public static string SerializeEvent(RecorderEvent e) => JsonSerializer.Serialize(e, EventOptions.GetTypeInfo(KindOf(e)));

    /// <summary>The raw payload of an event that is being quarantined (the whole event); never throws.</summary>
    public static string SerializeRaw(RecorderEvent? e)
    {
        if (e is null)
        {
            return "null";
        }

        try
        {
            return SerializeEvent(e);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or Rejection or NotSupportedException)
        {
            return JsonSerializer.Serialize(
                new Dictionary<string, string> { ["type"] = e.GetType().Name, ["unserializable"] = TextRules.Clean(ex.Message) },
                PayloadContext.Default.DictionaryStringString);
        }
    }

    /// <summary>Reads a whole event back (an import line without its event_type, a spill file's line).</summary>
    public static RecorderEvent Deserialize(string eventType, string json) =>
        (RecorderEvent?)JsonSerializer.Deserialize(json, EventOptions.GetTypeInfo(KindOf(eventType)))
        ?? throw new JsonException("payload is null");

    /// <summary>Reads a whole event back from its UTF-8 bytes: the same as <see cref="Deserialize(string, string)"/> of their text.</summary>
    public static RecorderEvent Deserialize(string eventType, ReadOnlySpan<byte> utf8) =>
        (RecorderEvent?)JsonSerializer.Deserialize(utf8, EventOptions.GetTypeInfo(KindOf(eventType)))
        ?? throw new JsonException("payload is null");

    /// <summary>
    /// Reads a stored payload back, with the run, time and source of its row (<c>ingest_events.source</c> is the run's
    /// source, the only one the writer uses). A payload of version 1, which still held them, reads the same way.
    /// </summary>
    public static RecorderEvent DeserializeStored(string eventType, string json, string runId, DateTime eventUtc, string? source)
    {
        var e = (RecorderEvent?)JsonSerializer.Deserialize(json, StoredOptions.GetTypeInfo(KindOf(eventType)))
                ?? throw new JsonException("payload is null");
        return e with
        {
            RunId = runId, EventUtc = eventUtc,
            Source = Enum.TryParse<RunSource>(source, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : e.Source,
        };
    }

    /// <summary>Every kind of event by its event type (docs/events.md).</summary>
    internal static readonly FrozenDictionary<string, Type> Kinds = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [EventTypes.StrategyDefined] = typeof(StrategyDefined), [EventTypes.InstanceDefined] = typeof(InstanceDefined),
        [EventTypes.RunStarted] = typeof(RunStarted), [EventTypes.RunProgress] = typeof(RunProgress),
        [EventTypes.RunEnded] = typeof(RunEnded), [EventTypes.Order] = typeof(OrderSnapshot),
        [EventTypes.Execution] = typeof(ExecutionRecorded), [EventTypes.OcoGroup] = typeof(OcoGroupDefined),
        [EventTypes.OcoLink] = typeof(OcoLinkAdded), [EventTypes.Series] = typeof(SeriesDefined),
        [EventTypes.Bar] = typeof(BarRecorded), [EventTypes.InstrumentDefined] = typeof(InstrumentDefined),
        [EventTypes.Decision] = typeof(DecisionMarked),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // Every event the writer logs is serialized with one of these: looked up once per kind, not per event.
    private static readonly FrozenDictionary<Type, JsonTypeInfo> StoredContracts =
        Kinds.Values.ToFrozenDictionary(t => t, t => StoredOptions.GetTypeInfo(t));

    private static JsonTypeInfo StoredContract(RecorderEvent e) =>
        StoredContracts.TryGetValue(e.GetType(), out var contract) ? contract : StoredOptions.GetTypeInfo(KindOf(e));

    private static JsonSerializerOptions Locked(JsonSerializerOptions options)
    {
        options.MakeReadOnly();
        return options;
    }

    private static Type KindOf(RecorderEvent e) =>
        StoredContracts.ContainsKey(e.GetType()) ? e.GetType() : throw new Rejection($"unknown event kind {e.GetType().Name}");

    private static Type KindOf(string eventType) =>
        eventType is not null && Kinds.TryGetValue(eventType, out var kind) ? kind : throw new JsonException($"unknown event type '{eventType}'");

    /// <summary>
    /// The stored payload leaves out what its row holds in columns (the run, the time and the source) and a bar's
    /// <c>is_closed</c> when it is true, the default. They stay known to the contract, not required, so a version 1
    /// payload that still has them reads as before.
    /// </summary>
    private static void WithoutRowColumns(JsonTypeInfo info)
    {
        if (!info.Type.IsAssignableTo(typeof(RecorderEvent)))
        {
            return;
        }

        foreach (var property in info.Properties)
        {
            if (property.Name is "run_id" or "event_utc" or "source")
            {
                property.ShouldSerialize = static (_, _) => false;
                property.IsRequired = false;
            }
            else if (property.Name == "is_closed" && info.Type == typeof(BarRecorded))
            {
                property.ShouldSerialize = static (_, value) => value is false;
            }
        }
    }
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
[JsonSerializable(typeof(DecisionMarked))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class PayloadContext : JsonSerializerContext;
