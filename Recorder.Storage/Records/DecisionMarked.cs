using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Storage.Records;

/// <summary>
/// A strategy's decision to trade, marked before it placed the order (docs/events.md, <c>DECISION</c>): the signal,
/// side, quantity and the price it saw. The same decision recorded again with an <see cref="OrderId"/> ties the order
/// placed on it; the price is the benchmark of that order's implementation shortfall (docs/metrics.md).
/// </summary>
public sealed record DecisionMarked : RecorderEvent
{
    /// <summary>The decision's id, unique within its run.</summary>
    public required string DecisionId { get; init; }

    /// <summary>The instrument the decision is about.</summary>
    public required string Symbol { get; init; }

    public required Side Side { get; init; }

    /// <summary>The quantity it meant to trade; must be positive.</summary>
    public required double Quantity { get; init; }

    /// <summary>The price the strategy saw when it decided; must be finite.</summary>
    public required double Price { get; init; }

    /// <summary>Free text kept in <c>order_decisions.signal</c>; null when the strategy named none.</summary>
    public string? Signal { get; init; }

    /// <summary>The order placed on this decision; null until one is tied.</summary>
    public string? OrderId { get; init; }

    /// <inheritdoc/>
    public override string EventType => EventTypes.Decision;
}
