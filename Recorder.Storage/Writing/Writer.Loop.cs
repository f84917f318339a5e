namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The writer's loop, on its own thread: take a batch (the spill file's head first, it holds older events than the
/// queue), write it until it is written (Writer.Write.cs), and between batches run the file's jobs and keep the WAL
/// small. The batch in hand is either the spill file's head (already on disk) or taken from the queue.
/// </summary>
internal sealed partial class Writer
{
    private readonly List<Envelope> hand = [];
    private long handBytes;
    private bool handFromSpill;

    private void Loop()
    {
        try
        {
            while (NextBatch())
            {
                Interlocked.Exchange(ref counters.HeldSinceTicks, hand[0].ReceivedTicks);
                if (final)
                {
                    // The file is damaged: nothing more is tried on it; every event goes to the spill file.
                    Spill(everything: true);
                }
                else
                {
                    Write();
                }

                Interlocked.Exchange(ref counters.HeldSinceTicks, 0);
                Progressed();
                // Keeping up: less than a full batch waits (an import, or a producer faster than the writer, does not).
                RunJobs(idle: queue.Count < options.MaxBatchSize);
            }
        }
        catch (Exception ex)
        {
            // Never expected: said with its stack, and a flush learns at once that the loop is gone.
            counters.LastError = $"writer stopped by a recorder bug ({ex.GetType().Name}: {ex.Message})";
            Report($"{counters.LastError}. Please report it:{Environment.NewLine}{ex}");
        }
        finally
        {
            exited = true;
            // Jobs still queued can never run now: their callers learn it, whoever closed the file and however.
            jobs.CancelAll();
            Progressed();
        }
    }

    // Fills the hand: the spill file's head when it has events (older than the queue's), else the queue's events once
    // there is one, then more until the batch is full, MaxBatchDelay (BacktestBatchDelay while it holds only a backtest's
    // events) has passed since its first event, or someone waits for it (a flush, a job waiting for its events or, unless
    // the batch is a backtest's only, ready to run its steps, the close). While idle it runs the jobs and the WAL's upkeep
    // and sleeps until woken — by an event, a flush, a job, the close, or its alarm at the next deadline (the options'
    // clock). False when stopping with nothing left.
    private bool NextBatch()
    {
        hand.Clear();
        handBytes = 0;
        handFromSpill = false;
        var maxBytes = queue.Budget / 4;
        // Stopping, what is in the spill file stays there for the next open.
        if (!final && !stop.IsCancellationRequested && spillFile.HasEvents && ReadSpillHead())
        {
            return true;
        }

        while (queue.Take(hand, options.MaxBatchSize, ref handBytes, maxBytes) == 0)
        {
            if (stop.IsCancellationRequested)
            {
                return false;
            }

            RunJobs(idle: true);
            // A close of an optimisation's pass (a writer a new handle took over before) leaves the log to the automatic
            // checkpoint: checkpointed at each pass' close it was copied in smaller, more frequent pieces (2 ms a pass).
            var closingFile = Volatile.Read(ref closing) == 1 && !Volatile.Read(ref takenOver);
            // The log is emptied at a close only while no reading of the writer's holds a snapshot that would keep it.
            wal.Idle(closing: closingFile && !jobs.Preparing && Readings.Leased == 0);
            if (durable.Idle(closing: closingFile))
            {
                runLocks.Synced();
            }
            if (queue.Take(hand, options.MaxBatchSize, ref handBytes, maxBytes) > 0)
            {
                break;
            }

            Alarm(jobs.Ready ? TimeSpan.Zero : Earliest(Earliest(Earliest(wal.IdleDue, durable.IdleDue), running?.NextDue), figures.NextDue));
            queue.Sleep(() => jobs.Ready || stop.IsCancellationRequested);
        }

        var started = time.GetTimestamp();
        // A batch of a backtest's events only waits longer (RecorderOptions.BacktestBatchDelay); one event of another
        // source in it brings its delay back to MaxBatchDelay.
        var looked = 0;
        handBacktestOnly = true;
        while (hand.Count < options.MaxBatchSize && handBytes < maxBytes)
        {
            if (queue.Take(hand, options.MaxBatchSize, ref handBytes, maxBytes) > 0)
            {
                continue;
            }

            for (; looked < hand.Count && handBacktestOnly; looked++)
            {
                handBacktestOnly = EventQueue.Backtest(hand[looked]);
            }

            var delay = handBacktestOnly && options.BacktestBatchDelay > options.MaxBatchDelay ? options.BacktestBatchDelay : options.MaxBatchDelay;
            var left = delay - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero || Awaited())
            {
                break;
            }

            // Woken by its alarm, by whoever awaits the batch, once the queue holds enough to fill it, or (waiting out a
            // backtest's delay) by an event of another source: not by every event a fast producer queues meanwhile.
            Alarm(left);
            queue.Sleep(Awaited, options.MaxBatchSize - hand.Count, queue.QueuedBytes + (maxBytes - handBytes), otherSource: delay > options.MaxBatchDelay);
        }

        Alarm(null);
        return true;
    }

    // Someone waits for the batch in hand: a flush or a job waiting for events not settled yet, a job ready to run its
    // steps, the close. A batch of a backtest's events only does not stop for a ready job (an optimisation's last pass
    // analysed while the next one plays): the job waits for it, at most its delay. Cut for it, a pass's events took two
    // commits, and each rewrote the last page of every table and index they touch. A live run's ready job (a running
    // analysis, a drift check) still cuts its batch, as it always did.
    private bool Awaited() => flushes.Awaits(counters.Settled) || jobs.AwaitsWrite(counters.Settled) || (jobs.Ready && !handBacktestOnly)
        || stop.IsCancellationRequested;

    // The batch in hand holds only a backtest's events (set while it fills).
    private bool handBacktestOnly;

    // The spill file's head into the hand; false when only lines a crash cut were left (they are gone now).
    private bool ReadSpillHead()
    {
        handBytes = spillFile.Read(hand, options.MaxBatchSize, queue.Budget / 4, out _);
        queue.Hold(handBytes);
        handFromSpill = true;
        if (hand.Count == 0)
        {
            spillFile.Consume(0);
            handFromSpill = false;
        }

        return hand.Count > 0;
    }

    // Between two batches, or with the queue empty; idle: the writer keeps up with its queue, which a backtest's
    // analysis while it records waits for.
    private void RunJobs(bool idle)
    {
        running?.StartDue(idle);
        jobs.RunDue(connection, counters.Settled);
        figures.StartIfIdle();
        Progressed();
    }

    private static TimeSpan? Earliest(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;

    // The loop's one timer on the options' clock: it wakes the loop at its next deadline (null: none).
    private void Alarm(TimeSpan? due) => alarm.Change(due ?? Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
}
