namespace QuantowerRecorder.Storage.Writing;

/// <summary>A snapshot of a session's health, for the strategy's metrics and log.</summary>
public sealed record RecorderCounters
{
    /// <summary>Events accepted by <see cref="RecorderSession.Record"/>.</summary>
    public long Received { get; init; }

    /// <summary>Events committed to the file (normalised rows and their ingest_events row).</summary>
    public long Committed { get; init; }

    /// <summary>Events stored in the quarantine table with a reason.</summary>
    public long Quarantined { get; init; }

    /// <summary>Repeated events that changed nothing.</summary>
    public long Duplicates { get; init; }

    /// <summary>Updates of a forming bar replaced by a newer state of the same bar before being written.</summary>
    public long Coalesced { get; init; }

    /// <summary>Batch attempts retried because the database was busy.</summary>
    public long Retried { get; init; }

    /// <summary>Write attempts that failed because another connection held the file (busy, locked); retried.</summary>
    public long TransientFailures { get; init; }

    /// <summary>
    /// Write attempts that failed because of the file itself (disk full, read-only, I/O error, corruption). The batch
    /// is kept and tried again; corruption is final: events then go to the spill file until the file is replaced.
    /// </summary>
    public long FileFailures { get; init; }

    /// <summary>Unexpected exceptions (recorder bugs), reported with their stack; the event met is quarantined, the rest of its batch written.</summary>
    public long Bugs { get; init; }

    /// <summary>Live events queued past the queue's capacity, where a backtest event would wait (none were dropped).</summary>
    public long Overflowed { get; init; }

    /// <summary>Times a backtest's producer waited for room in the full queue (back-pressure), and how long in all.</summary>
    public long ProducerWaits { get; init; }

    /// <summary>The time of <see cref="ProducerWaits"/> together.</summary>
    public TimeSpan ProducerWaitTime { get; init; }

    /// <summary>Events refused, by kind, because the queue's memory budget was spent (bars only; docs/events.md).</summary>
    public IReadOnlyDictionary<string, long> GaveWay { get; init; } = new Dictionary<string, long>();

    /// <summary>Events spilled to the spill file and not yet written into the database.</summary>
    public long Spilled { get; init; }

    /// <summary>Estimated memory held by the queue, in bytes (bounded by <see cref="RecorderOptions.MemoryBudgetBytes"/>).</summary>
    public long QueuedBytes { get; init; }

    /// <summary>Events waiting to be written.</summary>
    public long QueueDepth { get; init; }

    /// <summary>
    /// Strategy and instance definitions held until their run's RUN_STARTED arrives (they are quarantined if the
    /// session closes first). A flush does not wait for them: their run may never start.
    /// </summary>
    public long WaitingForRun { get; init; }

    /// <summary>How long the last commit took.</summary>
    public TimeSpan LastCommitLatency { get; init; }

    /// <summary>Age of the oldest event received and not yet committed.</summary>
    public TimeSpan OldestUncommittedAge { get; init; }

    /// <summary>Size of the write-ahead log file, in bytes: large while a reader keeps a snapshot open.</summary>
    public long WalBytes { get; init; }

    /// <summary>The last problem the writer met, if it has not written successfully since.</summary>
    public string? LastError { get; init; }
}
