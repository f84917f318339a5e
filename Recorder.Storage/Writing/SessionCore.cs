using System.Globalization;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Polly;
using Polly.Retry;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The one writer of a database file in this process (ARCHITECTURE.md, decision 2): a bounded channel, an overflow
/// list for live events that find it full, and a dedicated thread that batches, retries and reports. Producers only
/// stamp and enqueue (STYLE.md §1).
/// </summary>
internal sealed class SessionCore
{
    private readonly RecorderOptions options;
    private readonly TimeProvider time;
    private readonly EventQueue queue;
    private readonly EventJournal journal;
    private readonly ConcurrentDictionary<string, StrongBox<long>> sequences = new(StringComparer.Ordinal);
    private readonly object progressGate = new();
    private readonly SqliteConnection connection;
    private readonly BatchWriter writer;
    private readonly RunLocks runLocks;
    private readonly WalKeeper wal;
    private readonly WriterJobs jobs = new();
    private readonly ResiliencePipeline retry;
    private readonly Thread thread;
    private readonly CancellationTokenSource stop = new();

    private volatile bool accepting = true;
    private volatile int flushRequests;
    private volatile string? lastError;
    private long received;
    private long committed;
    private long quarantined;
    private long duplicates;
    private long coalesced;
    private long waitingForRun;
    private long retried;
    private long lastCommitTicks;
    private long heldSinceTicks;
    private int refCount = 1;
    private volatile FlushResult? closeResult;
    private int closing;
    private readonly ManualResetEventSlim closedSignal = new(false);

    public SessionCore(string path, RecorderOptions options)
    {
        DatabasePath = path;
        this.options = options;
        time = options.Time;
        connection = DatabaseFile.OpenForWriting(path, time, options.OpenLockWait);
        runLocks = new RunLocks(path);
        writer = new BatchWriter(connection, time, runLocks);
        wal = new WalKeeper(connection, path, options, Report);
        DatabaseFile.Execute(connection, string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA journal_size_limit={Math.Max(0, options.WalSizeLimitBytes)};"));
        journal = new EventJournal(path);
        queue = new EventQueue(options.QueueCapacity, options.MemoryBudgetBytes, journal);
        retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                // Only SQLITE_BUSY / SQLITE_LOCKED: another connection holds the write lock (STYLE.md §3).
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex && SqliteErrors.IsTransient(ex)),
                MaxRetryAttempts = Math.Max(1, options.RetryAttempts),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                OnRetry = args =>
                {
                    // Between attempts, on the writer's thread: keep memory within its budget while the file waits.
                    Interlocked.Increment(ref retried);
                    SpillIfOverBudget();
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

        RestoreJournal();

        // Runs still RUNNING whose recorder died are ended as ABANDONED, through the pipeline like any event.
        foreach (var runId in writer.FindAbandonedRuns())
        {
            runLocks.ForgetAbandoned(runId);
            Record(new RunEnded
            {
                RunId = runId,
                EventUtc = time.GetUtcNow().UtcDateTime,
                Status = RunStatus.Abandoned,
                ErrorMessage = "The recorder that was writing this run stopped without ending it (crash or kill); " +
                               "found when the file was next opened.",
            });
        }

        thread = new Thread(WriterLoop) { IsBackground = true, Name = "QuantowerRecorder writer" };
        thread.Start();
    }

    public string DatabasePath { get; }

    public RecorderOptions Options => options;

    public bool AddRef()
    {
        lock (progressGate)
        {
            if (refCount == 0)
            {
                return false;
            }

            refCount++;
            return true;
        }
    }

    /// <summary>Drops one reference; true when it was the last one and the session must close.</summary>
    public bool Release()
    {
        lock (progressGate)
        {
            return refCount > 0 && --refCount == 0;
        }
    }

    public bool Record(RecorderEvent? e)
    {
        try
        {
            if (e is null || !accepting)
            {
                return false;
            }

            if (queue.Refuse(e, out var given) is { } kind)
            {
                NoteGaveWay(kind, given);
                return false;
            }

            var counter = sequences.GetOrAdd(e.RunId ?? string.Empty, static _ => new StrongBox<long>());
            var envelope = new Envelope(e, Interlocked.Increment(ref counter.Value), time.GetUtcNow().UtcTicks);
            Interlocked.Increment(ref received);
            return queue.Enqueue(envelope, mayWait: e.Source == RunSource.Backtest);
        }
        catch (Exception ex)
        {
            // Nothing may reach the caller (Quantower's thread); the failure is visible in the counters.
            lastError = "Record failed: " + ex.Message;
            return false;
        }
    }

    public FlushResult Flush(TimeSpan timeout)
    {
        var target = Interlocked.Read(ref received);
        Interlocked.Increment(ref flushRequests);
        try
        {
            var deadline = time.GetTimestamp() + (long)(timeout.TotalSeconds * time.TimestampFrequency);
            lock (progressGate)
            {
                while (Settled < target)
                {
                    var remaining = (deadline - time.GetTimestamp()) / (double)time.TimestampFrequency;
                    if (remaining <= 0 || !thread.IsAlive)
                    {
                        var pending = target - Settled;
                        return new FlushResult(false, pending,
                            $"{pending} event(s) not written within {timeout.TotalSeconds:0.###} s" +
                            (lastError is { } error ? $"; last error: {error}" : string.Empty));
                    }

                    Monitor.Wait(progressGate, TimeSpan.FromSeconds(Math.Min(remaining, 0.25)));
                }
            }

            return FlushResult.Done;
        }
        finally
        {
            Interlocked.Decrement(ref flushRequests);
        }
    }

    /// <summary>True once <see cref="Close"/> has finished (the writer is gone or was left behind, stuck).</summary>
    public bool WaitClosed(TimeSpan timeout) => closedSignal.Wait(timeout);

    /// <summary>Drains and closes. The first call does it (STYLE.md §2); later ones wait for its result within their own budget.</summary>
    public FlushResult Close(TimeSpan timeout)
    {
        if (Interlocked.Exchange(ref closing, 1) == 1)
        {
            return closedSignal.Wait(timeout) && closeResult is { } done ? done
                : new FlushResult(false, Interlocked.Read(ref received) - Settled, "the file is still being closed by another call");
        }

        var started = time.GetTimestamp();
        var drained = Flush(timeout);
        accepting = false;
        // Jobs asked for before the close (a run's analysis) run before the writer stops, within the same budget.
        var jobDeadline = time.GetTimestamp() + (long)((timeout - time.GetElapsedTime(started)).TotalSeconds * time.TimestampFrequency);
        while (jobs.Count > 0 && thread.IsAlive && time.GetTimestamp() < jobDeadline)
        {
            Thread.Sleep(10);
        }

        queue.Complete();
        stop.Cancel();
        var left = timeout - time.GetElapsedTime(started);
        // The budget is strict: what the flush used is gone.
        var joined = thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        FlushResult result;
        if (joined)
        {
            // Definitions whose run never started cannot wait any longer: keep them in quarantine.
            try
            {
                var stored = writer.QuarantinePendingDefinitions(() => time.GetElapsedTime(started) < timeout);
                Interlocked.Add(ref waitingForRun, -stored);
                Interlocked.Add(ref quarantined, stored);
            }
            catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
            {
                lastError = "Could not quarantine waiting definitions: " + ex.Message;
            }

            jobs.CancelAll();
            writer.Dispose();
            connection.Dispose();
            runLocks.Dispose();
            var pending = Interlocked.Read(ref received) - Settled;
            result = pending == 0 ? FlushResult.Done
                : new FlushResult(false, pending, drained.Message ?? $"{pending} event(s) were not written");
        }
        else
        {
            // The writer is stuck (a lock held by another program): leave it a background thread, say what is lost.
            var pending = Interlocked.Read(ref received) - Settled;
            result = new FlushResult(false, pending,
                $"writer did not finish within {timeout.TotalSeconds:0.###} s; {pending} event(s) not written" +
                (lastError is { } error ? $"; last error: {error}" : string.Empty));
        }

        if (!result.Completed)
        {
            Report("closing: " + result.Message);
        }

        closeResult = result;
        closedSignal.Set();
        return result;
    }

    public RecorderCounters Snapshot()
    {
        var held = Interlocked.Read(ref heldSinceTicks);
        var now = time.GetUtcNow().UtcTicks;
        return new RecorderCounters
        {
            Received = Interlocked.Read(ref received),
            Committed = Interlocked.Read(ref committed),
            Quarantined = Interlocked.Read(ref quarantined),
            Duplicates = Interlocked.Read(ref duplicates),
            Coalesced = Interlocked.Read(ref coalesced),
            Retried = Interlocked.Read(ref retried),
            Overflowed = queue.Overflowed,
            GaveWay = queue.GaveWay,
            Journaled = queue.Journaled,
            QueuedBytes = queue.QueuedBytes,
            QueueDepth = Interlocked.Read(ref received) - Settled,
            WaitingForRun = Interlocked.Read(ref waitingForRun),
            LastCommitLatency = TimeSpan.FromTicks(Interlocked.Read(ref lastCommitTicks)),
            OldestUncommittedAge = held == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Max(0, now - held)),
            WalBytes = wal.WalBytes,
            LastError = lastError,
        };
    }

    // A definition waiting for its run counts as settled for flushing: its run may never start, and waiting for it
    // made a flush (and so every close) run out its whole timeout. It leaves the count when it is stored or
    // quarantined, where it is counted again, so the sum only grows.
    private long Settled =>
        Interlocked.Read(ref committed) + Interlocked.Read(ref quarantined) + Interlocked.Read(ref duplicates) +
        Interlocked.Read(ref coalesced) + Interlocked.Read(ref waitingForRun);

    private void WriterLoop()
    {
        var batch = new List<Envelope>(options.MaxBatchSize);
        while (true)
        {
            batch.Clear();
            if (!Collect(batch))
            {
                jobs.RunDue(connection, Settled);
                jobs.CancelAll();
                return;
            }

            Interlocked.Exchange(ref heldSinceTicks, batch[0].ReceivedTicks);
            WriteUntilDone(batch);
            queue.Released();
            Interlocked.Exchange(ref heldSinceTicks, 0);
            lock (progressGate)
            {
                Monitor.PulseAll(progressGate);
            }

            jobs.RunDue(connection, Settled);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the writer's connection once every event recorded so far is settled (between
    /// batches). Close waits for the jobs queued before it within its budget; later ones are cancelled.
    /// </summary>
    public Task RunOnWriter(Action<SqliteConnection> work)
    {
        if (!accepting)
        {
            return Task.FromCanceled(new CancellationToken(canceled: true));
        }

        // The writer looks for due jobs after each batch and every 100 ms while idle.
        return jobs.Add(work, Interlocked.Read(ref received));
    }

    /// <summary>Fills a batch: waits for a first event, then takes more until full, quiet, or its time is up.</summary>
    private bool Collect(List<Envelope> batch)
    {
        while (batch.Count == 0)
        {
            if (TakeAvailable(batch))
            {
                break;
            }

            if (stop.IsCancellationRequested)
            {
                return false;
            }

            jobs.RunDue(connection, Settled);
            wal.Idle();
            WaitForData(TimeSpan.FromMilliseconds(100));
        }

        var deadline = time.GetTimestamp() + (long)(options.MaxBatchDelay.TotalSeconds * time.TimestampFrequency);
        while (batch.Count < options.MaxBatchSize)
        {
            if (TakeAvailable(batch))
            {
                continue;
            }

            var remaining = (deadline - time.GetTimestamp()) / (double)time.TimestampFrequency;
            if (remaining <= 0 || flushRequests > 0 || stop.IsCancellationRequested)
            {
                break;
            }

            WaitForData(TimeSpan.FromSeconds(remaining));
        }

        return true;

        bool TakeAvailable(List<Envelope> into) => queue.TakeAvailable(into, options.MaxBatchSize);
    }

    private void WaitForData(TimeSpan timeout) => queue.WaitForData(timeout, stop.Token);

    private void WriteUntilDone(List<Envelope> batch)
    {
        var fileFailed = false;
        while (true)
        {
            try
            {
                var started = time.GetTimestamp();
                var outcome = retry.Execute(static (state, _) => state.writer.Write(state.batch), (writer, batch), stop.Token);
                Interlocked.Exchange(ref lastCommitTicks, time.GetElapsedTime(started).Ticks);
                // Moves out of "waiting" first and into it last, so a flush never sees more settled than there is.
                Interlocked.Add(ref waitingForRun, -outcome.Resumed);
                Interlocked.Add(ref committed, outcome.Committed);
                Interlocked.Add(ref quarantined, outcome.Quarantined);
                Interlocked.Add(ref duplicates, outcome.Duplicates);
                Interlocked.Add(ref coalesced, outcome.Coalesced);
                Interlocked.Add(ref waitingForRun, outcome.Deferred);
                if (outcome.Quarantined > 0)
                {
                    Report($"{outcome.Quarantined} event(s) quarantined (see table ingest_quarantine)");
                }

                wal.Wrote();
                queue.AfterCommit();
                if (lastError is not null)
                {
                    // Written again: the problem is over (the counters show only a current one).
                    Report("writing again after: " + lastError);
                    lastError = null;
                }

                if (fileFailed)
                {
                    wal.Recovered();
                }

                return;
            }
            catch (Exception ex)
            {
                // Still busy after every retry, or the file itself fails (disk full, read-only): nothing is dropped.
                // The batch is kept and tried again after a pause, until shutdown gives up on it.
                lastError = ex.Message;
                fileFailed |= SqliteErrors.IsFileLevel(ex);
                Report("write failed, will retry: " + ex.Message);
                SpillIfOverBudget();
                if (stop.IsCancellationRequested)
                {
                    // Shutting down and still unable to write: keep what is left in the journal for the next open.
                    var kept = queue.SpillAll(batch);
                    Report(kept > 0
                        ? string.Create(CultureInfo.InvariantCulture, $"closing: {kept} unwritten event(s) kept in the journal {journal}; the next recorder to open the file writes them")
                        : "closing: the unwritten events could not be kept in a journal either");
                    return;
                }

                stop.Token.WaitHandle.WaitOne(options.RetryMaxDelay);
            }
        }
    }

    private void SpillIfOverBudget()
    {
        if (queue.SpillIfOverBudget() is { } message)
        {
            Report(message);
        }
    }

    // Said in the log at the 1st, 10th, 100th… event of a kind that gave way, so a long episode stays readable; the
    // rest costs the producer one division loop.
    private void NoteGaveWay(string kind, long count)
    {
        var n = count;
        while (n >= 10 && n % 10 == 0)
        {
            n /= 10;
        }

        if (n == 1)
        {
            Report(string.Create(CultureInfo.InvariantCulture,
                $"memory budget reached: {count} {kind} update(s) not queued so far (the file cannot keep up or cannot be written)"));
        }
    }

    /// <summary>Events a process that died left in the journal are written before anything else, renumbered.</summary>
    private void RestoreJournal()
    {
        if (!journal.Exists)
        {
            return;
        }

        var restored = journal.TakeBack(out var unreadable)
            .Select(e =>
            {
                var counter = sequences.GetOrAdd(e.Event.RunId ?? string.Empty, static _ => new StrongBox<long>());
                return e with { Sequence = ++counter.Value };
            })
            .ToList();
        Interlocked.Add(ref received, restored.Count);
        queue.Restore(restored);
        var cut = unreadable > 0
            ? string.Create(CultureInfo.InvariantCulture, $"; {unreadable} line(s) cut by a crash could not be read")
            : string.Empty;
        Report(string.Create(CultureInfo.InvariantCulture,
            $"{restored.Count} event(s) left in the journal by an earlier session are written first{cut}"));
    }

    private void Report(string message)
    {
        try
        {
            options.Diagnostics?.Invoke(message);
        }
        catch (Exception)
        {
            // A diagnostics sink that throws must not stop the writer.
        }
    }
}
