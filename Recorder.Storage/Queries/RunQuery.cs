namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// What a run listing narrows to, in which order, and which page. Null members do not filter. Text filters ignore
/// ASCII case; <see cref="Strategy"/> and <see cref="Instance"/> match part of a name or the start of an id.
/// </summary>
public sealed record RunQuery
{
    /// <summary>Part of the strategy's name, or the start of its id.</summary>
    public string? Strategy { get; init; }

    /// <summary>Part of the instance's name, or the start of its id.</summary>
    public string? Instance { get; init; }

    /// <summary>Exactly this instance id.</summary>
    public string? InstanceId { get; init; }

    /// <summary>Exactly this strategy id.</summary>
    public string? StrategyId { get; init; }

    /// <summary>BACKTEST, PAPER, LIVE or REPLAY (any case).</summary>
    public string? RunType { get; init; }

    /// <summary>RUNNING, COMPLETED, FAILED, CANCELED or ABANDONED (any case).</summary>
    public string? Status { get; init; }

    /// <summary>Runs that started at or after this instant (UTC).</summary>
    public DateTime? SinceUtc { get; init; }

    /// <summary>Runs that started before this instant (UTC).</summary>
    public DateTime? UntilUtc { get; init; }

    /// <summary>Runs carrying this tag now (any case; docs/cli.md, "note, tag, pin").</summary>
    public string? Tag { get; init; }

    /// <summary>true: only pinned runs; false: only runs not pinned.</summary>
    public bool? Pinned { get; init; }

    /// <summary>The order of the list; ties are broken by run id.</summary>
    public RunSort Sort { get; init; } = RunSort.Start;

    /// <summary>Newest (or largest) first.</summary>
    public bool Descending { get; init; }

    /// <summary>Runs to skip (for paging); 0 or more.</summary>
    public int Offset { get; init; }

    /// <summary>At most this many runs (for paging); null for all.</summary>
    public int? Limit { get; init; }
}
