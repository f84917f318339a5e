namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// A parameter set (instance) of a strategy with its runs. <see cref="NetPnl"/> adds the stored net PnL of its runs:
/// amounts of different currencies are added as they are, so check the runs' currencies before showing it as money.
/// </summary>
public sealed record InstanceSummary
{
    public required string InstanceId { get; init; }

    public required string StrategyId { get; init; }

    public string? StrategyName { get; init; }

    /// <summary>
    /// The display name recorded with the instance (Quantower's InstanceName); null when none was given.
    /// </summary>
    public string? InstanceName { get; init; }

    /// <summary>Its input parameters as a JSON object.</summary>
    public string? ParametersJson { get; init; }

    /// <summary>
    /// The symbol recorded with the instance when it trades one; <see cref="SymbolsJson"/> when it trades several.
    /// </summary>
    public string? Symbol { get; init; }

    /// <summary>All its symbols as a JSON array.</summary>
    public string? SymbolsJson { get; init; }

    public string? Timeframe { get; init; }

    public string? AccountId { get; init; }

    /// <summary>The hash of its configuration (what makes it this instance).</summary>
    public string? ConfigHash { get; init; }

    /// <summary>When it was first recorded (ISO-8601 UTC text).</summary>
    public required string CreatedUtc { get; init; }

    /// <summary>Its runs in this store, whatever their status.</summary>
    public long Runs { get; init; }

    /// <summary>The sum of its runs' stored net PnL; null when none is analysed.</summary>
    public double? NetPnl { get; init; }
}
