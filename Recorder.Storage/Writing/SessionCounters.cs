namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The running counts of one session's writer, updated with Interlocked by the producers and the writer's thread and
/// read as a <see cref="RecorderCounters"/> snapshot. Fields, so that they can be passed by reference.
/// </summary>
internal sealed class SessionCounters
{
    public long Received;
    public long Committed;
    public long Quarantined;
    public long Duplicates;
    public long Coalesced;
    public long WaitingForRun;
    public long Retried;
    public long TransientFailures;
    public long FileFailures;
    public long Bugs;
    public long LastCommitTicks;
    public long HeldSinceTicks;

    private volatile string? lastError;

    public string? LastError
    {
        get => lastError;
        set => lastError = value;
    }

    /// <summary>
    /// Events whose fate is decided. A definition waiting for its run counts as settled for flushing: its run may never
    /// start, and waiting for it made a flush (and so every close) run out its whole timeout. It leaves the count when
    /// it is stored or quarantined, where it is counted again, so the sum only grows.
    /// </summary>
    public long Settled =>
        Interlocked.Read(ref Committed) + Interlocked.Read(ref Quarantined) + Interlocked.Read(ref Duplicates) +
        Interlocked.Read(ref Coalesced) + Interlocked.Read(ref WaitingForRun);

    public long Pending => Interlocked.Read(ref Received) - Settled;

    public void Add(BatchOutcome outcome)
    {
        // Moves out of "waiting" first and into it last, so a flush never sees more settled than there is.
        Interlocked.Add(ref WaitingForRun, -outcome.Resumed);
        Interlocked.Add(ref Committed, outcome.Committed);
        Interlocked.Add(ref Quarantined, outcome.Quarantined);
        Interlocked.Add(ref Duplicates, outcome.Duplicates);
        Interlocked.Add(ref Coalesced, outcome.Coalesced);
        Interlocked.Add(ref Bugs, outcome.Bugs);
        Interlocked.Add(ref WaitingForRun, outcome.Deferred);
    }

    public RecorderCounters Snapshot(EventQueue queue, long spilled, WalKeeper wal, TimeProvider time)
    {
        var held = Interlocked.Read(ref HeldSinceTicks);
        var now = time.GetUtcNow().UtcTicks;
        return new RecorderCounters
        {
            Received = Interlocked.Read(ref Received),
            Committed = Interlocked.Read(ref Committed),
            Quarantined = Interlocked.Read(ref Quarantined),
            Duplicates = Interlocked.Read(ref Duplicates),
            Coalesced = Interlocked.Read(ref Coalesced),
            Retried = Interlocked.Read(ref Retried),
            TransientFailures = Interlocked.Read(ref TransientFailures),
            FileFailures = Interlocked.Read(ref FileFailures),
            Bugs = Interlocked.Read(ref Bugs),
            Overflowed = queue.Overflowed,
            ProducerWaits = queue.RoomWaits.Count,
            ProducerWaitTime = System.Diagnostics.Stopwatch.GetElapsedTime(0, queue.RoomWaits.Ticks),
            GaveWay = queue.GaveWay,
            Spilled = spilled,
            QueuedBytes = queue.QueuedBytes,
            QueueDepth = Pending,
            WaitingForRun = Interlocked.Read(ref WaitingForRun),
            LastCommitLatency = TimeSpan.FromTicks(Interlocked.Read(ref LastCommitTicks)),
            OldestUncommittedAge = held == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Max(0, now - held)),
            WalBytes = wal.WalBytes,
            LastError = LastError,
        };
    }
}
