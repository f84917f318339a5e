namespace QuantowerRecorder.Storage.Records;

/// <summary>The strategy a run executes (name, version, vendor). Upserted into <c>strategies</c>.</summary>
public sealed record StrategyDefined : RecorderEvent
{
    /// <summary>Name-based id; see <see cref="Identity.Identities.StrategyId"/>.</summary>
    public required string StrategyId { get; init; }

    public required string Name { get; init; }

    /// <summary>Its version, if known.</summary>
    public string? Version { get; init; }

    public string? Vendor { get; init; }

    /// <summary>Where its code comes from (assembly, repository, commit).</summary>
    public string? SourceRef { get; init; }

    /// <summary>Free text; beyond 65,536 characters it is truncated, with a marker saying how much was cut.</summary>
    public string? Notes { get; init; }

    /// <inheritdoc/>
    public override string EventType => EventTypes.StrategyDefined;
}
