using System.Globalization;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

// Over 250 lines, one idea: the writer's life (open, references, enqueue, its thread, bounded flush and close) shares
// one state machine; the pieces it drives (queue, collector, write loop, jobs) live in their own files.
namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The one writer of a database file in this process (docs/decisions.md, 2): opens and recovers the file,
/// counts its references, stamps and enqueues events (producers only do that, docs/decisions.md, 16), and runs the writer's
/// thread: <see cref="BatchCollector"/> → <see cref="WriteLoop"/> → jobs, until a bounded flush and close.
/// </summary>
internal sealed class SessionCore
{
    private readonly RecorderOptions options;
    private readonly TimeProvider time;
    private readonly EventQueue queue;
    private readonly EventJournal journal;
    private readonly RunSequences sequences = new();
    private readonly object progressGate = new();
    private readonly SqliteConnection connection;
    private readonly BatchWriter writer;
    private readonly RunLocks runLocks;
    private readonly WalKeeper wal;
    private readonly WriterJobs jobs;
    private readonly SessionCounters counters = new();
    private readonly BatchCollector collector;
    private readonly WriteLoop writeLoop;
    private readonly Thread thread;
    private readonly CancellationTokenSource stop = new();

    private volatile bool accepting = true;
    private volatile int flushRequests;
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
        writer = new BatchWriter(connection, time, runLocks, options.MaxWaitingDefinitions, Report)
        {
            FaultInjection = options.FaultInjection,
        };
        wal = new WalKeeper(connection, path, options, Report);
        DatabaseFile.Execute(connection, string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA journal_size_limit={Math.Max(0, options.WalSizeLimitBytes)};"));
        journal = new EventJournal(path);
        queue = new EventQueue(options.QueueCapacity, options.MemoryBudgetBytes, journal);
        jobs = new WriterJobs(prepared: queue.Wake);
        writeLoop = new WriteLoop(writer, queue, wal, journal, counters, options, path, Report, stop.Token);
        collector = new BatchCollector(queue, options, () =>
        {
            jobs.RunDue(connection, counters.Settled);
            wal.Idle();
        }, () => jobs.Ready ? TimeSpan.Zero : wal.IdleDue, () => flushRequests > 0, stop.Token);

        var restored = JournalRecovery.Restore(journal, queue, sequences, counters, Report);
        AbandonedRuns.End(writer, runLocks, time, Record, restored);
        thread = new Thread(WriterLoop) { IsBackground = true, Name = "QuantowerRecorder writer" };
        thread.Start();
    }

    public string DatabasePath { get; }

    public RecorderOptions Options => options;

    public SessionReferences References { get; } = new();

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
                if (GiveWay.WorthSaying(given))
                {
                    Report(string.Create(CultureInfo.InvariantCulture,
                        $"memory budget reached: {given} {kind} update(s) not queued so far (the file cannot keep up or cannot be written)"));
                }

                return false;
            }

            var envelope = new Envelope(e, sequences.Next(e), time.GetUtcNow().UtcTicks);
            Interlocked.Increment(ref counters.Received);
            return queue.Enqueue(envelope, mayWait: e.Source == RunSource.Backtest);
        }
        catch (Exception ex)
        {
            // Nothing may reach the caller (Quantower's thread); the failure is visible in the counters.
            counters.LastError = "Record failed: " + ex.Message;
            return false;
        }
    }

    public FlushResult Flush(TimeSpan timeout)
    {
        var target = Interlocked.Read(ref counters.Received);
        Interlocked.Increment(ref flushRequests);
        queue.Wake();
        try
        {
            var deadline = time.GetTimestamp() + (long)(timeout.TotalSeconds * time.TimestampFrequency);
            lock (progressGate)
            {
                while (counters.Settled < target)
                {
                    var remaining = (deadline - time.GetTimestamp()) / (double)time.TimestampFrequency;
                    if (remaining <= 0 || !thread.IsAlive || writeLoop.IsFinal)
                    {
                        var pending = target - counters.Settled;
                        return NotWritten(pending, $"{pending} event(s) not written within {timeout.TotalSeconds:0.###} s");
                    }

                    // The writer pulses after every batch and when it stops: the deadline is only the caller's budget.
                    Monitor.Wait(progressGate, TimeSpan.FromSeconds(remaining));
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

    /// <summary>Drains and closes. The first call does it (docs/decisions.md, 18); later ones wait for its result within their own budget.</summary>
    public FlushResult Close(TimeSpan timeout)
    {
        if (Interlocked.Exchange(ref closing, 1) == 1)
        {
            return closedSignal.Wait(timeout) && closeResult is { } done ? done
                : new FlushResult(false, counters.Pending, "the file is still being closed by another call");
        }

        var started = time.GetTimestamp();
        // Part of the budget is kept for the writer to stop and put what it could not write in the journal, so that
        // the result can say where those events are.
        var drained = Flush(timeout - TimeSpan.FromTicks(Math.Min(timeout.Ticks / 4, TimeSpan.TicksPerSecond)));
        accepting = false;
        // Jobs asked for before the close (a run's analysis) run before the writer stops, within the same budget.
        jobs.WaitForAll(timeout - time.GetElapsedTime(started));

        stop.Cancel();
        queue.Complete();
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
                Interlocked.Add(ref counters.WaitingForRun, -stored);
                Interlocked.Add(ref counters.Quarantined, stored);
            }
            catch (Exception ex)
            {
                // Nothing may reach the caller; a damaged or unwritable file is said in the counters.
                counters.LastError = "Could not quarantine waiting definitions: " + ex.Message;
            }

            jobs.CancelAll();
            writer.Dispose();
            connection.Dispose();
            // A run with lost events keeps its lock file: the next open marks it ABANDONED, not RUNNING as if clean.
            runLocks.KeepAsAbandoned(writeLoop.Unwritten.LostRuns, writeLoop.Unwritten.LockReason(counters.LastError));
            runLocks.Dispose();
            result = writeLoop.Unwritten.CloseResult(counters.Pending, drained, journal);
            if (result.Completed && counters.LastError is null)
            {
                Sqlite.CheckedFiles.ClosedClean(DatabasePath);
            }
        }
        else
        {
            // The writer is stuck (a lock held by another program): leave it a background thread, say what is lost.
            var pending = counters.Pending;
            result = NotWritten(pending, $"writer did not finish within {timeout.TotalSeconds:0.###} s; {pending} event(s) not written");
        }

        if (!result.Completed)
        {
            Report("closing: " + result.Message);
        }

        closeResult = result;
        closedSignal.Set();
        return result;
    }

    public RecorderCounters Snapshot() => counters.Snapshot(queue, wal, time);

    private FlushResult NotWritten(long pending, string message) => new(false, pending,
        message + (counters.LastError is { } error ? $"; last error: {error}" : string.Empty));

    private void WriterLoop()
    {
        var batch = new List<Envelope>(options.MaxBatchSize);
        try
        {
            while (true)
            {
                batch.Clear();
                if (!collector.Collect(batch))
                {
                    jobs.RunDue(connection, counters.Settled);
                    jobs.CancelAll();
                    return;
                }

                Interlocked.Exchange(ref counters.HeldSinceTicks, batch[0].ReceivedTicks);
                writeLoop.WriteUntilDone(batch);
                queue.Released();
                Interlocked.Exchange(ref counters.HeldSinceTicks, 0);
                Progressed();
                jobs.RunDue(connection, counters.Settled);
            }
        }
        finally
        {
            // A flush waiting for this writer learns at once that it is gone.
            Progressed();
        }
    }

    private void Progressed()
    {
        lock (progressGate)
        {
            Monitor.PulseAll(progressGate);
        }
    }

    /// <summary>
    /// Once every event recorded so far is settled, runs <paramref name="prepare"/> off the writer's thread and the
    /// steps it returns on the writer's connection, between batches (<see cref="WriterJobs"/>). Close waits for the
    /// jobs queued before it within its budget; later ones are cancelled.
    /// </summary>
    public Task RunOnWriter(Func<CancellationToken, IEnumerable<Action<SqliteConnection>>> prepare)
    {
        if (!accepting)
        {
            return Task.FromCanceled(new CancellationToken(canceled: true));
        }

        var task = jobs.Add(prepare, Interlocked.Read(ref counters.Received));
        // The writer looks for due jobs after each batch, and when woken while idle.
        queue.Wake();
        return task;
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
