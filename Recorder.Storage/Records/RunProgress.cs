namespace QuantowerRecorder.Storage.Records;

/// <summary>Progress of a long run (a backtest): how much is processed out of how much.</summary>
public sealed record RunProgress : RecorderEvent
{
    /// <summary>
    /// Overwrites <c>strategy_runs.processed_count</c> (the last one applied wins); a negative count is quarantined.
    /// </summary>
    public required long ProcessedCount { get; init; }

    /// <summary>Items in all, when known.</summary>
    public long? TotalCount { get; init; }

    /// <inheritdoc/>
    public override string EventType => EventTypes.RunProgress;
}
