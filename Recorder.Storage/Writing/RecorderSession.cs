using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// A recorder's handle on a database file. Every handle opened on the same file in a process shares one writer
/// (a bounded queue and a background thread); the last handle to close drains it. Nothing here throws into the caller
/// after <see cref="Open"/> has succeeded.
/// </summary>
public sealed class RecorderSession : IDisposable
{
    private static readonly Dictionary<string, Writer> Registry = new(PathComparer);
    private static readonly object RegistryGate = new();

    private readonly Writer core;
    private readonly object closedGate = new();
    private volatile FlushResult? closed;
    private int closing;

    private RecorderSession(Writer core) => this.core = core;

    /// <summary>The database file.</summary>
    public string DatabasePath => core.DatabasePath;

    /// <summary>
    /// Opens a handle on <paramref name="path"/>, creating and migrating the file if needed, or joining the writer
    /// that is already open on it in this process (whose options then apply).
    /// </summary>
    /// <exception cref="Sqlite.RecorderDatabaseException">The file cannot be used; the message says why.</exception>
    public static RecorderSession Open(string path, RecorderOptions? options = null) => Open(path, options, Sqlite.DatabaseFile.NewConnection);

    /// <summary>
    /// <see cref="Open(string, RecorderOptions?)"/>; a new writer's connection is made by <paramref name="connect"/> from its
    /// connection string (<see cref="Sqlite.DatabaseFile.NewConnection"/>; a test gives its own SqliteConnection).
    /// </summary>
    internal static RecorderSession Open(string path, RecorderOptions? options, Func<string, Microsoft.Data.Sqlite.SqliteConnection> connect)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        options ??= new RecorderOptions();
        while (true)
        {
            Writer? closingCore;
            lock (RegistryGate)
            {
                if (!Registry.TryGetValue(fullPath, out closingCore))
                {
                    var core = new Writer(fullPath, options, connect);
                    Registry[fullPath] = core;
                    return new RecorderSession(core);
                }

                // A writer whose last handle is closing still takes a new one until that close decides to stop it
                // (after its runs' analyses, see Close): an optimisation's next pass goes on writing at once.
                if (closingCore.Handles > 0 || !closingCore.Retiring)
                {
                    closingCore.Handles++;
                    return new RecorderSession(closingCore);
                }
            }

            // The file's writer is stopping: one writer per file per process (docs/decisions.md, 2), so the
            // new one starts only once the old one has finished.
            if (!closingCore.WaitClosed(options.OpenLockWait))
            {
                throw new Sqlite.RecorderDatabaseException(Sqlite.DatabaseProblem.Locked, fullPath,
                    $"{fullPath}: the previous recorder on this file is still closing after {options.OpenLockWait.TotalSeconds:0} s. Try again later.");
            }

            Forget(closingCore);
        }
    }

    /// <summary>
    /// Queues an event. Returns at once for live, paper and replay events (past the queue's capacity too);
    /// a backtest event may wait for room. False only for a null event or a closed session. Never throws.
    /// </summary>
    public bool Record(RecorderEvent recorderEvent) =>
        closed is null && core.Record(recorderEvent, mayWait: recorderEvent?.Source == RunSource.Backtest);

    /// <summary>
    /// Queues an event from a producer that may wait, whatever its run's source (an import, a merge): it waits for room
    /// in the queue and in the memory budget where an update from the platform would give way, so every event it hands
    /// over is written. False only for a null event or a closed session. Never throws.
    /// </summary>
    public bool RecordWaiting(RecorderEvent recorderEvent) => closed is null && core.Record(recorderEvent, mayWait: true);

    /// <summary>Waits until every event recorded before the call is committed or quarantined, or the time is up.</summary>
    public FlushResult Flush(TimeSpan timeout) => closed ?? core.Flush(timeout);

    /// <summary>
    /// Analyses a run (round trips, equity, execution quality, metrics: <see cref="Analysis.RunAnalysisStore"/>) once
    /// every event recorded before the call is written: computed off the writer's thread from a read snapshot, stored
    /// by this file's writer in steps between its batches (one writing connection per file). Returns at once; the task
    /// ends when the results are stored, fails with the analysis' error, or is cancelled when the file closed first.
    /// </summary>
    public Task AnalyzeRunWhenWritten(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        if (closed is not null)
        {
            return Task.FromCanceled(new CancellationToken(canceled: true));
        }

        core.EndAnalysisAsked(runId);
        return core.AnalyseWhole(runId);
    }

    /// <summary>
    /// The drift of a live or paper run from its parameter set's latest ended backtest (<see cref="Analysis.LiveDrift"/>),
    /// once every event recorded before the call is written: read from the file off the writer's thread. Returns at once;
    /// the task gives null when the run has no such backtest, fails with the reading's error, or is cancelled when the
    /// file closed first.
    /// </summary>
    public async Task<Analysis.LiveDrift?> DriftWhenWritten(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        Analysis.LiveDrift? drift = null;
        await (closed is not null
            ? Task.FromCanceled(new CancellationToken(canceled: true))
            : core.RunOnWriter(cancel =>
            {
                drift = Analysis.LiveDrift.Read(core.Readings, runId, cancel, core.Facts);
                return [];
            }, job: "drift")).ConfigureAwait(false);
        return drift;
    }

    /// <summary>The writer's health.</summary>
    public RecorderCounters Counters => core.Snapshot();

    /// <summary>
    /// Completes when the next running analysis of <paramref name="runId"/> asked for after the call is stored
    /// (<see cref="RecorderOptions.LiveAnalysisInterval"/>; for tests, which wait on it instead of on the clock).
    /// </summary>
    internal Task NextRunningAnalysis(string runId) => core.NextRunningAnalysis(runId);

    /// <summary>Something woke the sleeping writer and it has not run yet (for tests' clocks, which must not move then).</summary>
    internal bool WriterWoken => core.Woken;

    /// <summary>A job's steps are prepared and wait for the writer's thread (tests).</summary>
    internal bool WriterJobsReady => core.JobsReady;

    /// <summary>A writer job that waits for no event (tests): prepared off the writer's thread, its steps run on it.</summary>
    internal Task RunOnWriter(Func<CancellationToken, IEnumerable<Action<Microsoft.Data.Sqlite.SqliteConnection>>> prepare) =>
        core.RunOnWriter(prepare, committed: true, job: "test");

    /// <summary>The facts the writer keeps for the runs it records (for tests).</summary>
    internal KeptFacts Facts => core.Facts;

    /// <summary>The reading connections of the writer's jobs (for tests: a reading still leased at the close).</summary>
    internal Sqlite.ReadConnections Readings => core.Readings;

    /// <summary>The writer's loop has stopped (for tests: a close past its wait for the loop).</summary>
    internal bool WriterExited => core.Exited;

    /// <summary>Running analyses the writer asked for so far (for tests: a run with nothing new costs none).</summary>
    internal int RunningAnalysesStarted => core.RunningAnalysesStarted;

    /// <summary>What the file's writer stored last of each running run's analysis (tests).</summary>
    internal Analysis.StoredImages StoredAnalyses => core.Stored;

    /// <summary>What copies the log into the file beside the writer (tests).</summary>
    internal LogCopier LogCopier => core.Copier;

    /// <summary>Jobs storing trials' figures the writer started so far (for tests: one per interval during an optimisation).</summary>
    internal int TrialFiguresStarted => core.TrialFiguresStarted;

    /// <summary>
    /// Closes this handle; the last one drains the queue within <paramref name="timeout"/> and says what it could not
    /// write. The first call decides; later calls return the same result.
    /// </summary>
    public FlushResult Close(TimeSpan timeout)
    {
        // The first call releases this handle's reference, once; concurrent calls wait for its result.
        if (Interlocked.Exchange(ref closing, 1) == 1)
        {
            return WaitClosed(timeout) && closed is { } done ? done
                : new FlushResult(false, 0, "this recorder is still being closed by another call");
        }

        bool last;
        lock (RegistryGate)
        {
            last = core.Handles > 0 && --core.Handles == 0;
        }

        var result = last ? CloseLast(timeout) : core.Flush(timeout);

        lock (closedGate)
        {
            closed = result;
            Monitor.PulseAll(closedGate);
        }

        return result;
    }

    // The last handle: the writer drains and runs the jobs asked for before (its runs' analyses) while it still takes a
    // new handle; then, unless one came, it stops. A handle that came meanwhile keeps it, and this close is a flush.
    private FlushResult CloseLast(TimeSpan timeout)
    {
        var stopped = false;
        var result = core.Close(timeout, () =>
        {
            lock (RegistryGate)
            {
                if (core.Handles > 0)
                {
                    return true;
                }

                core.Retiring = stopped = true;
                return false;
            }
        });
        if (stopped)
        {
            // Only now may another Open start a new writer on the file.
            Forget(core);
        }

        return result;
    }

    /// <summary>Closes the handle with the session's shutdown timeout.</summary>
    public void Dispose() => Close(core.Options.ShutdownTimeout);

    // Another call's close of this handle, waited for on the writer's clock.
    private bool WaitClosed(TimeSpan timeout)
    {
        using var timer = core.Options.Time.CreateTimer(static s =>
        {
            var gate = s!;
            lock (gate)
            {
                Monitor.PulseAll(gate);
            }
        }, closedGate, timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        var started = core.Options.Time.GetTimestamp();
        lock (closedGate)
        {
            while (closed is null && core.Options.Time.GetElapsedTime(started) < timeout)
            {
                Monitor.Wait(closedGate);
            }

            return closed is not null;
        }
    }

    private static void Forget(Writer core)
    {
        lock (RegistryGate)
        {
            if (Registry.TryGetValue(core.DatabasePath, out var registered) && ReferenceEquals(registered, core))
            {
                Registry.Remove(core.DatabasePath);
            }
        }
    }

    private static StringComparer PathComparer =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
}
