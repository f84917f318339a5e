using System.Text.Json.Serialization;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Records;

/// <summary>A parameter set of a strategy: same parameters, symbol(s), timeframe and account → same instance.</summary>
public sealed record InstanceDefined : RecorderEvent
{
    /// <summary>Name-based id from (strategy_id, config_hash); see <see cref="Identity.Identities.InstanceId"/>.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The strategy this is a parameter set of.</summary>
    public required string StrategyId { get; init; }

    /// <summary>A display name (Quantower's InstanceName).</summary>
    public string? InstanceName { get; init; }

    /// <summary>Canonical JSON of the input parameters.</summary>
    [JsonConverter(typeof(NestedJsonConverter))]
    public required string ParametersJson { get; init; }

    /// <summary>The symbol, when the instance trades one.</summary>
    public string? Symbol { get; init; }

    /// <summary>JSON array of symbols, when it trades several.</summary>
    [JsonConverter(typeof(NestedJsonConverter))]
    public string? SymbolsJson { get; init; }

    /// <summary>Timeframe, e.g. "5m".</summary>
    public string? Timeframe { get; init; }

    public string? AccountId { get; init; }

    public string? Venue { get; init; }

    /// <summary>SHA-256 of the canonical configuration; see <see cref="Identity.Identities.ConfigHash"/>.</summary>
    public required string ConfigHash { get; init; }

    /// <inheritdoc/>
    public override string EventType => EventTypes.InstanceDefined;
}
