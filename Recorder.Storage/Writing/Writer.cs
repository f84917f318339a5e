using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Polly;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The one writer of a database file in this process (docs/decisions.md, 2), in the shape of a batching sink: one
/// bounded <see cref="EventQueue"/> that producers only stamp and add to (docs/decisions.md, 17), and one loop on its
/// own thread (Writer.Loop.cs) that batches, writes through <see cref="BatchWriter"/>, retries through one Polly
/// pipeline on the options' clock, spills to and reads back from its <see cref="SpillFile"/>, and runs the file's
/// jobs and WAL upkeep between batches. Flush and close are bounded on the same clock (docs/decisions.md, 19).
/// </summary>
internal sealed partial class Writer
{
    private readonly RecorderOptions options;
    private readonly TimeProvider time;
    private readonly SqliteConnection connection;
    private readonly RunLocks runLocks;
    private readonly BatchWriter batches;
    private readonly WalKeeper wal;
    private readonly DurableCommits durable;
    private readonly LogCopier copier;
    private readonly WriterJobs jobs;
    private readonly RunningAnalyses? running;
    private readonly TrialFiguresDue figures;
    private readonly KeptFacts facts;
    private readonly EventQueue queue;
    private readonly SpillFile spillFile;
    private readonly RunSequences sequences = new();
    private readonly SessionCounters counters = new();
    private readonly ResiliencePipeline retry;
    private readonly ITimer alarm;
    private readonly Thread thread;
    private readonly CancellationTokenSource stop = new();
    private readonly object progressGate = new();

    private volatile bool accepting = true;
    private volatile bool final;
    private volatile bool exited;
    private readonly FlushWaits flushes = new();
    private volatile FlushResult? closeResult;
    private int closing;

    private long spilled;

    /// <summary>The name of the loop's thread, as a debugger or a profiler shows it.</summary>
    internal const string ThreadName = "QuantowerRecorder writer";

    public Writer(string path, RecorderOptions options, Func<string, SqliteConnection> connect)
    {
        DatabasePath = path;
        this.options = options;
        time = options.Time;
        handleGaps = new HandleGaps(time);
        connection = DatabaseFile.OpenForWriting(path, time, options.OpenLockWait, connect);
        runLocks = new RunLocks(path);
        Readings = new ReadConnections(path, returned: Progressed);
        facts = new KeptFacts(Readings, time, sentinelPath => DatabaseFile.OpenForReading(sentinelPath, connect), Report);
        batches = new BatchWriter(connection, time, runLocks, options.MaxWaitingDefinitions, Report)
        {
            Facts = facts,
        };
        wal = new WalKeeper(connection, path, options, Report, facts.OwnWrite);
        durable = new DurableCommits(connection, options, file: path);
        copier = new LogCopier(connection, Readings, path, options.LogCopyPages);
        connection.Execute(string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA journal_size_limit={Math.Max(0, options.WalSizeLimitBytes)};"));
        queue = new EventQueue(options.QueueCapacity, options.MemoryBudgetBytes);
        // A job that failed may have kept what a store it could not commit would have left (StoredRows): forgotten.
        jobs = new WriterJobs(time, prepared: queue.Wake, failed: Stored.Clear, ownTransaction: facts.OwnTransaction, file: path);
        figures = new TrialFiguresDue(time, options.LiveAnalysisInterval ?? TimeSpan.Zero, () => jobs.Count,
            StoreTrialFigures, Report);
        if (options.LiveAnalysisInterval is { } interval)
        {
            // What is committed is what a running run's analysis needs: it waits for no batch still being gathered.
            running = new RunningAnalyses(time, interval, options.BacktestAnalysisInterval, AnalyseRunning,
                runId => AnalyseWhole(runId, committed: true), Stored.Has, queue.Wake, Report);
        }

        spillFile = new SpillFile(path);
        retry = RetryPipeline();
        alarm = time.CreateTimer(static q => ((EventQueue)q!).Wake(), queue, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        var abandoned = Recover();
        thread = new Thread(Loop) { IsBackground = true, Name = ThreadName };
        thread.Start();
        AnalyseAbandoned(abandoned);
    }

    public string DatabasePath { get; }

    /// <summary>The reading connections the writer's jobs take turns on, closed with it.</summary>
    public ReadConnections Readings { get; }

    /// <summary>The loop has stopped (tests: a close is past its wait for the loop).</summary>
    internal bool Exited => exited;

    public RecorderOptions Options => options;

    /// <param name="e">The event.</param>
    /// <param name="mayWait">Whether its producer may wait for room (a backtest's, an import's) instead of an update
    /// giving way.</param>
    public bool Record(RecorderEvent? e, bool mayWait)
    {
        try
        {
            if (e is null || !accepting)
            {
                return false;
            }

            if (queue.Refuse(e, mayWait, out var given) is { } kind)
            {
                if (EventQueue.WorthSaying(given))
                {
                    Report(string.Create(CultureInfo.InvariantCulture,
                        $"memory budget reached: {given} {kind} update(s) not queued so far (the file cannot keep up or cannot be written)"));
                }

                return false;
            }

            var envelope = new Envelope(e, sequences.Next(e), time.GetUtcNow().UtcTicks);
            Interlocked.Increment(ref counters.Received);
            return queue.Enqueue(envelope, mayWait);
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
        flushes.Begin(target);
        queue.Wake();
        try
        {
            // The loop pulses after every batch and when it stops: the deadline is only the caller's budget.
            if (WaitUntil(() => counters.Settled >= target || exited || final, timeout) && counters.Settled >= target)
            {
                return FlushResult.Done;
            }

            var pending = target - counters.Settled;
            return NotWritten(pending, string.Create(CultureInfo.InvariantCulture,
                $"{pending} event(s) not written within {timeout.TotalSeconds:0.###} s"));
        }
        finally
        {
            flushes.End(target);
        }
    }

    /// <summary>True once <see cref="Close"/> has finished (the loop is gone, or was left behind, stuck).</summary>
    public bool WaitClosed(TimeSpan timeout) => WaitUntil(() => closeResult is not null, timeout);

    // The figures of the trials of `runIds`: a writer job, which a close called off stops (its runs are due again).
    private Task StoreTrialFigures(IReadOnlyCollection<string> runIds, CancellationToken calledOff) => RunOnWriter(cancel =>
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancel, calledOff);
        try
        {
            return Analysis.TrialFigures.FromSnapshot(Readings, runIds, either.Token);
        }
        catch (OperationCanceledException) when (calledOff.IsCancellationRequested && !cancel.IsCancellationRequested)
        {
            return [];
        }
    }, committed: true, job: "trial figures");

    public RecorderCounters Snapshot() => counters.Snapshot(queue, Interlocked.Read(ref spilled), wal, time);

    /// <summary>
    /// Once every event recorded so far is settled (with <paramref name="committed"/>, at once: what is settled now is
    /// enough), runs <paramref name="prepare"/> off the loop's thread and the steps it returns on the file's connection,
    /// between batches (<see cref="WriterJobs"/>).
    /// </summary>
    public Task RunOnWriter(Func<CancellationToken, IEnumerable<Action<SqliteConnection>>> prepare, bool committed = false, string job = "job")
    {
        if (!accepting)
        {
            return Task.FromCanceled(new CancellationToken(canceled: true));
        }

        var task = jobs.Add(prepare, committed ? counters.Settled : Interlocked.Read(ref counters.Received), job);
        if (exited)
        {
            // Added as the loop went away (a close from another handle): it will not run.
            jobs.CancelAll();
        }

        queue.Wake();
        return task;
    }

    /// <summary>
    /// A run's whole analysis (<see cref="RunOnWriter"/>), after which the deflated Sharpe figures of the runs whose
    /// trials include it are due (<see cref="TrialFiguresDue"/>).
    /// </summary>
    public Task AnalyseWhole(string runId, bool committed = false) =>
        RunOnWriter(cancel => Analysis.RunAnalysisStore.AnalyzeFromSnapshot(Readings, runId, time, cancel, kept: facts, images: Stored,
                threads: options.EndAnalysisThreads)
            .Append(_ => figures.Analysed(runId)), committed, "end analysis");

    // A running run's analysis (RunningAnalyses), which its end calls off: computing, it stores nothing; storing, it stops
    // at its next step with what it wrote noted for the end's store.
    private Task AnalyseRunning(string runId, CancellationToken calledOff) => RunOnWriter(cancel =>
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancel, calledOff);
        try
        {
            return Analysis.RunAnalysisStore.AnalyzeFromSnapshot(Readings, runId, time, either.Token, running: true, facts, Stored, stopStore: calledOff);
        }
        catch (OperationCanceledException) when (calledOff.IsCancellationRequested && !cancel.IsCancellationRequested)
        {
            return [];
        }
    }, committed: true, job: "running analysis");

    /// <summary>The run's end analysis is asked for: the close need not analyse it (<see cref="RunningAnalyses.AtClose"/>).</summary>
    public void EndAnalysisAsked(string runId) => running?.EndAnalysisAsked(runId);

    /// <summary>Completes when the next running analysis of the run asked for after the call is stored (tests).</summary>
    internal Task NextRunningAnalysis(string runId) => running?.Next(runId) ?? Task.FromCanceled(new CancellationToken(canceled: true));

    /// <summary>What this writer stored last of each running run's analysis, for its next store to write only what changed.</summary>
    internal Analysis.StoredImages Stored { get; } = new();

    /// <summary>The facts kept for the runs this writer records (tests).</summary>
    internal KeptFacts Facts => facts;

    /// <summary>Something woke the sleeping loop and it has not run yet (for tests' clocks: <see cref="EventQueue.Woken"/>).</summary>
    internal bool Woken => queue.Woken;

    /// <summary>A job's steps are prepared and wait for the writer's thread (tests).</summary>
    internal bool JobsReady => jobs.Ready;

    /// <summary>Running analyses asked for so far (tests).</summary>
    internal int RunningAnalysesStarted => running?.Started ?? 0;

    /// <summary>What copies the log into the file beside the writer (tests).</summary>
    internal LogCopier Copier => copier;

    /// <summary>Jobs storing trials' figures started so far (tests).</summary>
    internal int TrialFiguresStarted => figures.Started;

    private FlushResult NotWritten(long pending, string message) => new(false, pending,
        message + (counters.LastError is { } error ? $"; last error: {error}" : string.Empty));

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
