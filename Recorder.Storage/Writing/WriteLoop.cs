using System.Globalization;
using Polly;
using Polly.Retry;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Writes one batch until it is written, with the failure policy of the writer (docs/decisions.md, 16 and 17): busy/locked is
/// retried by a Polly pipeline built once; after that, or on a file-level failure (full, read-only, I/O), the batch
/// is kept and tried again after a pause while memory beyond the budget goes to the journal. Corruption is final: the
/// file is not tried again and every event goes to the journal. Each failure is classified and counted; an
/// unexpected exception is reported as a bug with its stack. Nothing is thrown to the caller.
/// </summary>
internal sealed class WriteLoop
{
    private readonly BatchWriter writer;
    private readonly EventQueue queue;
    private readonly WalKeeper wal;
    private readonly EventJournal journal;
    private readonly SessionCounters counters;
    private readonly RecorderOptions options;
    private readonly string path;
    private readonly Action<string> report;
    private readonly CancellationToken stop;
    private readonly ResiliencePipeline retry;
    private volatile bool final;

    public WriteLoop(BatchWriter writer, EventQueue queue, WalKeeper wal, EventJournal journal, SessionCounters counters,
        RecorderOptions options, string path, Action<string> report, CancellationToken stop)
    {
        (this.writer, this.queue, this.wal, this.journal, this.counters) = (writer, queue, wal, journal, counters);
        (this.options, this.path, this.report, this.stop) = (options, path, report, stop);
        retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                // Only SQLITE_BUSY / SQLITE_LOCKED: another connection holds the write lock (docs/decisions.md, 17).
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex && SqliteErrors.IsTransient(ex)),
                MaxRetryAttempts = Math.Max(1, options.RetryAttempts),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                OnRetry = _ =>
                {
                    // Between attempts, on the writer's thread: keep memory within its budget while the file waits.
                    Interlocked.Increment(ref counters.Retried);
                    Interlocked.Increment(ref counters.TransientFailures);
                    SpillIfOverBudget();
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>True once the file was found damaged: nothing more is written to it in this session.</summary>
    public bool IsFinal => final;

    /// <summary>What the writer could not write to the file when it had to stop: where those events are.</summary>
    public Unwritten Unwritten { get; } = new();

    public void WriteUntilDone(List<Envelope> batch)
    {
        var fileFailed = false;
        while (!final)
        {
            try
            {
                var started = options.Time.GetTimestamp();
                var outcome = retry.Execute(static (state, _) => state.writer.Write(state.batch), (writer, batch), stop);
                Interlocked.Exchange(ref counters.LastCommitTicks, options.Time.GetElapsedTime(started).Ticks);
                counters.Add(outcome);
                if (outcome.Quarantined > 0)
                {
                    report($"{outcome.Quarantined} event(s) quarantined (see table ingest_quarantine)");
                }

                wal.Wrote();
                queue.AfterCommit();
                if (counters.LastError is { } error)
                {
                    // Written again: the problem is over (the counters show only a current one).
                    report("writing again after: " + error);
                    counters.LastError = null;
                }

                if (fileFailed)
                {
                    wal.Recovered();
                }

                return;
            }
            catch (Exception ex)
            {
                fileFailed |= SqliteErrors.IsFileLevel(ex);
                Classify(ex);
                SpillIfOverBudget();
                if (final || stop.IsCancellationRequested)
                {
                    break;
                }

                stop.WaitHandle.WaitOne(options.RetryMaxDelay);
            }
        }

        // Shutting down and still unable to write, or the file is damaged: keep what is left in the journal.
        var (events, kept) = queue.SpillAll(batch);
        Unwritten.Add(events, kept);
        if (!final && events.Count > 0)
        {
            report("closing: " + Unwritten.Describe(journal));
        }
        else if (!kept && batch.Count > 0)
        {
            counters.LastError = WriteFailureText.Describe(new IOException("journal not writable"), path) +
                                 " The journal cannot be written either: these events are only in memory.";
        }
    }

    private void Classify(Exception ex)
    {
        var description = WriteFailureText.Describe(ex, path);
        if (SqliteErrors.IsCorruption(ex))
        {
            Interlocked.Increment(ref counters.FileFailures);
            final = true;
            counters.LastError = description;
            report("file damaged, writing stopped: " + description);
        }
        else if (SqliteErrors.IsTransient(ex) || SqliteErrors.IsFileLevel(ex))
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
    }

    /// <summary>
    /// A problem is said once when it starts (and again only if it changes): a disk that stays full for an hour
    /// must not fill the strategy's log with one line per retry. The counters keep counting every attempt.
    /// </summary>
    private void ReportOnce(string problem, string message)
    {
        if (counters.LastError != problem)
        {
            counters.LastError = problem;
            report(message);
        }
    }

    private void SpillIfOverBudget()
    {
        if (queue.SpillIfOverBudget() is { } message)
        {
            report(message);
        }
    }
}
