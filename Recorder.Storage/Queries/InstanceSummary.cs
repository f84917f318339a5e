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

    /// <summary>The name the user gave it.</summary>
    public string? InstanceName { get; init; }

    /// <summary>Its input parameters as a JSON object.</summary>
    public string? ParametersJson { get; init; }

    /// <summary>Its main symbol.</summary>
    public string? Symbol { get; init; }

    /// <summary>All its symbols as a JSON array.</summary>
    public string? SymbolsJson { get; init; }

    public string? Timeframe { get; init; }

    public string? AccountId { get; init; }

    /// <summary>The hash of its configuration (what makes it this instance).</summary>
    public string? ConfigHash { get; init; }

    /// <summary>When it was first recorded.</summary>
    public required string CreatedUtc { get; init; }

    /// <summary>How many runs it has.</summary>
    public long Runs { get; init; }

    /// <summary>The sum of its runs' stored net PnL; null when none is analysed.</summary>
    public double? NetPnl { get; init; }
}
