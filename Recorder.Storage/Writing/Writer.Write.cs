using System.Globalization;
using Polly;
using Polly.Retry;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The batch in hand written until it is written: one Polly pipeline on the options' clock retries every failure but a
/// damaged file and the close, says each problem once, and between attempts sends memory past its budget to the
/// spill file's tail, so that order holds by construction.
/// </summary>
internal sealed partial class Writer
{
    private bool fileFailed;

    // Writes the hand until it is written (retries: the pipeline), the file is found damaged, or the loop stops.
    private void Write()
    {
        try
        {
            var outcome = retry.Execute(static (writer, _) => writer.Attempt(), this, stop.Token);
            durable.Committed();
            if (durable.Synced)
            {
                // The ends this commit carried, and those of every commit before it, are on the disk.
                runLocks.Synced();
            }
            // Everything the batch changes is done before the counters say it is written: whoever flushed finds the
            // spill files gone and no error left. The spill file's events go only now that their commit is synced
            // (a batch read from the spill file always is: DurableCommits).
            if (handFromSpill)
            {
                spillFile.Consume(hand.Count);
                Interlocked.Exchange(ref spilled, spillFile.Pending);
            }

            queue.Release(handBytes);
            hand.Clear();
            handBytes = 0;
            if (outcome.Quarantined > 0)
            {
                Report(string.Create(CultureInfo.InvariantCulture, $"{outcome.Quarantined} event(s) quarantined (see table ingest_quarantine)"));
            }

            if (counters.LastError is { } error)
            {
                // Written again: the problem is over (the counters show only a current one).
                Report("writing again after: " + error);
                counters.LastError = null;
            }

            if (fileFailed)
            {
                wal.Recovered();
                fileFailed = false;
            }

            // Before the counters say it is written: a flush that returns finds its runs' analyses due.
            running?.Written(batches.Written);
            facts.Written(batches.Written);
            counters.Add(outcome);
            wal.Wrote();
            copier.Committed();
        }
        catch (Exception ex) when (ex is OperationCanceledException || SqliteErrors.IsCorruption(ex))
        {
            if (ex is not OperationCanceledException)
            {
                Interlocked.Increment(ref counters.FileFailures);
                final = true;
                counters.LastError = WriteFailureText.Describe(ex, DatabasePath);
                Report("file damaged, writing stopped: " + counters.LastError);
            }

            // Stopping while the file still cannot be written, or a damaged file: what is left goes to the spill file,
            // which the next open writes first.
            Spill(everything: true);
        }
    }

    // One attempt on the hand. A hand spilled to the spill file meanwhile is its head again.
    private BatchOutcome Attempt()
    {
        if (hand.Count == 0)
        {
            ReadSpillHead();
        }

        durable.Before(hand, handFromSpill);
        var started = time.GetTimestamp();
        var outcome = batches.Write(hand);
        Interlocked.Exchange(ref counters.LastCommitTicks, time.GetElapsedTime(started).Ticks);
        return outcome;
    }

    /// <summary>
    /// Everything but a damaged file and the close is retried until it is written (docs/decisions.md, 17 and 18): busy
    /// and locked (another program holds the file), file-level failures (full, read-only, I/O) and the recorder's own
    /// bugs (kept, said with their stack). The back-off runs on the options' clock; between attempts, memory past its
    /// budget goes to the spill file.
    /// </summary>
    private ResiliencePipeline RetryPipeline() => new ResiliencePipelineBuilder { TimeProvider = time }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = static args => ValueTask.FromResult(
                args.Outcome.Exception is { } ex && ex is not OperationCanceledException && !SqliteErrors.IsCorruption(ex)),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.RetryMaxDelay,
            OnRetry = args =>
            {
                Failed(args.Outcome.Exception!);
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    private void Failed(Exception ex)
    {
        Interlocked.Increment(ref counters.Retried);
        fileFailed |= SqliteErrors.IsFileLevel(ex);
        var description = WriteFailureText.Describe(ex, DatabasePath);
        if (SqliteErrors.IsTransient(ex) || SqliteErrors.IsFileLevel(ex))
        {
            Interlocked.Increment(ref SqliteErrors.IsTransient(ex) ? ref counters.TransientFailures : ref counters.FileFailures);
            ReportOnce(description, "write failed, will retry: " + description);
        }
        else
        {
            // Neither the file nor an event: the recorder's own fault. Kept and retried like a file failure, so
            // nothing is lost, and said with its stack so it can be fixed.
            Interlocked.Increment(ref counters.Bugs);
            ReportOnce($"recorder bug: {ex.GetType().Name}: {ex.Message}",
                $"recorder bug while writing ({ex.GetType().Name}: {ex.Message}); the batch is kept and retried. " +
                $"Please report it:{Environment.NewLine}{ex}");
        }

        Spill(everything: false);
    }

    /// <summary>
    /// A problem is said once when it starts (and again only if it changes): a disk that stays full for an hour must
    /// not fill the strategy's log with one line per retry. The counters count every attempt.
    /// </summary>
    private void ReportOnce(string problem, string message)
    {
        if (counters.LastError != problem)
        {
            counters.LastError = problem;
            Report(message);
        }
    }

    // Past the budget, or while a producer waits for room (a backtest or an import stops at the mark where an update
    // would give way, and only what leaves memory lets it go on while the file cannot be written), or at the end:
    // everything. A hand taken from the queue and everything queued after it go to the spill file's tail, in order; a hand
    // read from the spill file is there already.
    private void Spill(bool everything)
    {
        if (!everything && queue.QueuedBytes <= queue.Budget && !queue.HasWaiters)
        {
            return;
        }

        var moved = new List<Envelope>();
        long movedBytes = 0;
        if (!handFromSpill && hand.Count > 0)
        {
            moved.AddRange(hand);
            movedBytes += handBytes;
            hand.Clear();
            handBytes = 0;
        }
        else if (everything && hand.Count > 0)
        {
            // Read from the spill file's head: it stays there for the next open.
            queue.Release(handBytes);
            hand.Clear();
            handBytes = 0;
        }

        var waiting = queue.TakeAll();
        moved.AddRange(waiting);
        movedBytes += waiting.Sum(e => EventSize.Estimate(e.Event));
        if (moved.Count == 0)
        {
            return;
        }

        var onDisk = spillFile.Append(moved);
        if (onDisk)
        {
            // A run whose start is only in the spill file holds its lock as a written one does: killed now, it is found
            // ABANDONED at the next open, which writes its start from the spill file first.
            foreach (var started in moved.Select(e => e.Event).OfType<RunStarted>())
            {
                runLocks.Acquire(started.RunId);
            }
        }

        queue.Release(movedBytes);
        Interlocked.Exchange(ref spilled, spillFile.Pending);
        Report(onDisk
            ? string.Create(CultureInfo.InvariantCulture, $"memory budget reached: {moved.Count} event(s) written to the spill file {spillFile}")
            : string.Create(CultureInfo.InvariantCulture, $"memory budget reached and the spill file cannot be written either: {moved.Count} event(s) kept in memory"));
        if (!onDisk && everything)
        {
            counters.LastError = WriteFailureText.Describe(new IOException("spill file not writable"), DatabasePath) +
                                 " The spill file cannot be written either: these events are only in memory.";
        }
    }
}
