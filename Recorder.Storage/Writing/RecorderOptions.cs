namespace QuantowerRecorder.Storage.Writing;

/// <summary>Settings of a <see cref="RecorderSession"/>. The first recorder to open a file decides them.</summary>
public sealed record RecorderOptions
{
    /// <summary>
    /// The clock (docs/decisions.md, 9): it stamps arrivals, and every wait of the writer runs on it — the batch delay,
    /// the retry back-off, the WAL's upkeep, flush and close budgets — so a test's fake clock decides them.
    /// </summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Room in the queue. A backtest event waits for room; a live event never waits and is counted as overflowed.</summary>
    public int QueueCapacity { get; init; } = 65_536;

    /// <summary>At most this many events per transaction.</summary>
    public int MaxBatchSize { get; init; } = 4_096;

    /// <summary>How long a batch waits for more events once it has one; bounds the latency of a quiet stream.</summary>
    public TimeSpan MaxBatchDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// How long a batch that holds only backtest events waits for more (at least <see cref="MaxBatchDelay"/>): a backtest
    /// plays as fast as it can, and a batch cut every 20 ms while it trades is one more commit — the last page of every
    /// table and index its events touch written again — and the writer's thread taken from the backtest's, several times
    /// in a pass of an optimisation. A batch is still cut when it is full, when someone waits for what it holds (the run's
    /// end, a flush, the close) and as soon as an event of another source joins it (that event waits
    /// <see cref="MaxBatchDelay"/> at most, as always). Default 200 ms, within what a power cut may take of a backtest
    /// (<see cref="UnsyncedWindow"/>).
    /// </summary>
    public TimeSpan BacktestBatchDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Memory the queue may hold (estimated) while the file cannot keep up or cannot be written. Past three quarters
    /// of it forming-bar updates and progress reports give way, past all of it closed bars, and trading events are
    /// spilled to a spill file beside the database (or in the temp folder). Default 64 MiB.
    /// </summary>
    public long MemoryBudgetBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// First back-off delay between attempts at a batch the file did not take (doubles, with jitter, up to
    /// <see cref="RetryMaxDelay"/>). A batch is tried until it is written, the file is found damaged, or the session
    /// closes; every wait runs on <see cref="Time"/>.
    /// </summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Longest back-off delay.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the last <see cref="RecorderSession.Dispose"/> waits for the queue to drain.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long opening waits for another program's lock before failing.</summary>
    public TimeSpan OpenLockWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The write-ahead log is brought back to at most this size (SQLite's journal_size_limit, and a TRUNCATE
    /// checkpoint when the writer is idle and no reader holds old frames). Default 64 MiB.
    /// </summary>
    public long WalSizeLimitBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>A write-ahead log larger than this that cannot shrink (a reader stays) is reported once. Default 512 MiB.</summary>
    public long WalWarningBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>
    /// Strategy and instance definitions held until their run starts. Past this many the oldest is quarantined with its
    /// reason (its run did not start in time), so definitions whose runs never start cannot grow memory. Default 1,000.
    /// </summary>
    public int MaxWaitingDefinitions { get; init; } = BatchWriter.DefaultMaxWaitingDefinitions;

    /// <summary>
    /// Which commits are synced to the disk before they count as written (docs/decisions.md, 3; README, "What survives
    /// what"). Every commit survives the recording process' crash; this decides what survives a power cut. Default
    /// <see cref="CommitSync.LiveAndPaper"/>: a trader's orders and fills are on the disk once a flush returns.
    /// </summary>
    public CommitSync CommitSync { get; init; } = CommitSync.LiveAndPaper;

    /// <summary>
    /// How long a commit that was not synced at once (a backtest's, a replay's, or any with <see cref="CommitSync.Periodic"/>)
    /// may wait for the next sync: what a power cut can take of such a run. Default 1 s.
    /// </summary>
    public TimeSpan UnsyncedWindow { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How far behind the file a running live or paper run's analysis (trades, equity, execution quality, metrics) may
    /// be: once events of such a run are written, its analysis is brought up to date this long after the first of them,
    /// off the writer's thread, at most one at a time per run (docs/architecture.md, "The flow of one event", 4). On
    /// <see cref="Time"/>. Whatever the run's type, a run still open when the file's writer closes gets its analysis
    /// then, within the close's budget, and so does a run that ended in this session without its end analysis asked for
    /// (an import, the server's ingest); a backtest's is otherwise stored on <see cref="BacktestAnalysisInterval"/> and at its end. Null: the writer analyses nothing
    /// on its own, a run is analysed only when asked (the plugin at its end, `recorder analyze`). Default 5 s. The same
    /// interval is the least time between two stores of the deflated Sharpe figures of the runs whose trials include runs
    /// that ended (docs/metrics.md, "Trials"), or four times what the last store took when that is longer: during an
    /// optimisation a few times, after its last pass, at the close.
    /// </summary>
    public TimeSpan? LiveAnalysisInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often, at most, a backtest's or a replay's analysis is stored while it records, so that its end stores only
    /// the rows that changed since (its last trades, equity and metrics) instead of every row: the close waits for less.
    /// Never sooner after the run's last such analysis than four times what that one took, only while the writer keeps up
    /// with its queue (an import or a faster producer is not slowed by one), and not at all once a store
    /// of the run is too big to be kept for the next; off the writer's thread like a live run's (docs/architecture.md,
    /// "The flow of one event", 4). On <see cref="Time"/>. Null: a backtest is analysed at its end only. Needs
    /// <see cref="LiveAnalysisInterval"/>. Default 0.5 s: an optimisation's short passes never reach it.
    /// </summary>
    public TimeSpan? BacktestAnalysisInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Threads a run's end analysis computes on beside the writer, which stores what they computed meanwhile: one less
    /// than the processors, at least one. With one, the insight, the equity and the rest (metrics, validation) follow one
    /// another on one thread; with more, they are computed side by side. More threads than processors only take the
    /// writer's processor from it, and the writer's store is what the end waits for (docs/benchmarks.md). Internal:
    /// tests choose it to cover both ways on any machine.
    /// </summary>
    internal int EndAnalysisThreads { get; init; } = Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>
    /// Pages the writer writes to the log between two copies of it into the file beside it (<see cref="LogCopier"/>).
    /// Internal: tests copy after fewer.
    /// </summary>
    internal int LogCopyPages { get; init; } = LogCopier.Pages;

    /// <summary>Receives the writer's problems (for the strategy's log). Must not throw; if it does, it is ignored.</summary>
    public Action<string>? Diagnostics { get; init; }
}
