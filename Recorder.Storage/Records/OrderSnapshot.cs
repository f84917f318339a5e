using System.Text.Json.Serialization;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Records;

/// <summary>
/// The state of an order at one moment. Upserted on (run_id, order_id); a snapshot older than the stored one
/// (by update time, then sequence) does not overwrite it.
/// </summary>
public sealed record OrderSnapshot : RecorderEvent
{
    /// <summary>The platform's order id.</summary>
    public required string OrderId { get; init; }

    /// <summary>Parent order (bracket entry), if any.</summary>
    public string? ParentOrderId { get; init; }

    /// <summary>The strategy that placed it, when known.</summary>
    public string? StrategyId { get; init; }

    /// <summary>Required; missing or longer than 256 characters sends the event to quarantine.</summary>
    [JsonConverter(typeof(RepeatedTextConverter))]
    public required string Symbol { get; init; }

    [JsonConverter(typeof(RepeatedTextConverter))]
    public string? AccountId { get; init; }

    public required Side Side { get; init; }

    /// <summary>MARKET, LIMIT, STOP, STOP_LIMIT, … (stored upper-case).</summary>
    public required string OrderType { get; init; }

    public string? TimeInForce { get; init; }

    /// <summary>Total quantity; must be positive.</summary>
    public required double Quantity { get; init; }

    /// <summary>Limit price; NaN or infinite is stored as NULL.</summary>
    public double? Price { get; init; }

    /// <summary>Stop (trigger) price; NaN or infinite is stored as NULL.</summary>
    public double? StopPrice { get; init; }

    /// <summary>OPENED, PARTIALLY_FILLED, FILLED, CANCELED, REFUSED, … (stored upper-case; CANCELLED is stored as CANCELED).</summary>
    public required string Status { get; init; }

    /// <summary>When it was submitted; defaults to the event time.</summary>
    public DateTime? SubmitUtc { get; init; }

    /// <summary>
    /// Cumulative filled quantity the platform reported with this snapshot; negative, NaN or infinite is stored as
    /// NULL.
    /// </summary>
    public double? FilledQuantity { get; init; }

    /// <summary>The platform's average fill price with this snapshot; NaN or infinite is stored as NULL.</summary>
    public double? AverageFillPrice { get; init; }

    /// <summary>The setup or signal name the strategy gave the order.</summary>
    public string? ClientTag { get; init; }

    /// <summary>Impact given by the source; null to have it inferred from the run's position at submission.</summary>
    public PositionImpact? PositionImpact { get; init; }

    /// <summary>Anything else worth keeping, as JSON.</summary>
    [JsonConverter(typeof(NestedJsonConverter))]
    public string? ExtraJson { get; init; }

    /// <inheritdoc/>
    public override string EventType => EventTypes.Order;
}
