using System.Text.Json.Serialization;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Records;

/// <summary>A fill. Inserted once per (run_id, execution_id); may arrive before its order.</summary>
public sealed record ExecutionRecorded : RecorderEvent
{
    /// <summary>The platform's execution (trade) id.</summary>
    public required string ExecutionId { get; init; }

    public required string OrderId { get; init; }

    /// <summary>Required; missing or longer than 256 characters sends the event to quarantine.</summary>
    [JsonConverter(typeof(RepeatedTextConverter))]
    public required string Symbol { get; init; }

    [JsonConverter(typeof(RepeatedTextConverter))]
    public string? AccountId { get; init; }

    public required Side Side { get; init; }

    /// <summary>Fill price; must be finite.</summary>
    public required double Price { get; init; }

    /// <summary>Filled quantity; must be positive.</summary>
    public required double Quantity { get; init; }

    /// <summary>Fee paid (positive = cost).</summary>
    public double? Fee { get; init; }

    public string? FeeCurrency { get; init; }

    /// <summary>MAKER or TAKER, when known.</summary>
    public string? Liquidity { get; init; }

    /// <summary>Impact given by the source; null to have it inferred from the run's net position.</summary>
    public PositionImpact? PositionImpact { get; init; }

    /// <summary>Anything else worth keeping, as JSON.</summary>
    [JsonConverter(typeof(NestedJsonConverter))]
    public string? ExtraJson { get; init; }

    /// <inheritdoc/>
    public override string EventType => EventTypes.Execution;
}
