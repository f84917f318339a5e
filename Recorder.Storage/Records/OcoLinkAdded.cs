using QuantowerRecorder.Analytics;
namespace QuantowerRecorder.Storage.Records;

/// <summary>An order's membership of an OCO group, with its role (ENTRY, SL, TP, EXIT, HEDGE, …).</summary>
public sealed record OcoLinkAdded : RecorderEvent
{
    public required string OcoGroupId { get; init; }

    public required string OrderId { get; init; }

    /// <summary>Its role in the group (stored upper-case).</summary>
    public string? Role { get; init; }

    /// <summary>Impact given by the source; null to take the order's own (inferred) impact.</summary>
    public PositionImpact? PositionImpact { get; init; }

    /// <inheritdoc/>
    public override string EventType => EventTypes.OcoLink;
}
