namespace QuantowerRecorder.Storage.Queries;

/// <summary>A strategy with how many parameter sets (instances) and runs it has.</summary>
public sealed record StrategySummary
{
    public required string StrategyId { get; init; }

    public required string Name { get; init; }

    public string? Version { get; init; }

    public string? Vendor { get; init; }

    /// <summary>Where its code is (a path or a commit).</summary>
    public string? SourceRef { get; init; }

    /// <summary>When it was first recorded (ISO-8601 UTC text).</summary>
    public required string CreatedUtc { get; init; }

    /// <summary>Its instances (parameter sets).</summary>
    public long Instances { get; init; }

    /// <summary>Its runs, over all instances.</summary>
    public long Runs { get; init; }

    /// <summary>When its latest run started, or null without runs.</summary>
    public string? LastRunUtc { get; init; }
}
