using System.Text.Json.Serialization;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Records;

/// <summary>A set of orders that cancel each other (an OCO pair, a bracket).</summary>
public sealed record OcoGroupDefined : RecorderEvent
{
    /// <summary>Group id, unique in the file; see <see cref="Identity.Identities.OcoGroupId"/>.</summary>
    public required string OcoGroupId { get; init; }

    /// <summary>A readable label, e.g. "Bracket 42".</summary>
    public string? Label { get; init; }

    /// <summary>Anything else worth keeping, as JSON.</summary>
    [JsonConverter(typeof(NestedJsonConverter))]
    public string? ExtraJson { get; init; }

    /// <inheritdoc/>
    public override string EventType => EventTypes.OcoGroup;
}
