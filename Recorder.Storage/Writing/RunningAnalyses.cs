using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Keeps each running run's analysis current (docs/architecture.md, "The flow of one event", 4). The writer says, after
/// each commit, which runs it wrote events of; a live or paper run that got events is analysed
/// <see cref="RecorderOptions.LiveAnalysisInterval"/> after the first of them, by the one path a run's end takes (a writer
/// job: computed off the writer's thread from a read snapshot, stored in steps between batches), leaving out what needs
/// the whole run. A backtest or a replay, analysed for its end, is analysed while it records too
/// (<see cref="RecorderOptions.BacktestAnalysisInterval"/>), so that its end stores only the rows that changed since,
/// when the writer has caught up with its queue;
/// never sooner after its last analysis than <see cref="CostFactor"/> times what that one took, so that at most about a
/// fifth of the time goes to them, and no more once its store is too big to be kept for the next
/// (<see cref="Analysis.StoredRows.MaxRows"/>). At most one analysis per run is in flight; events written meanwhile make
/// it due again; one still computing when the run's end is asked for is called off (the end's analysis, queued after it,
/// would wait for it). At the writer's close every run still open that got events since its last analysis is analysed
/// once more. A run with nothing new costs nothing. Each analysis reads what was written since the last
/// (<see cref="KeptFacts"/>), goes on from the equity curve the last one swept (<see cref="Analytics.AnalysisFold"/>) and
/// computes the rest of the run again.
/// </summary>
/// <param name="time">The writer's clock: the intervals run on it.</param>
/// <param name="interval">How long after its first unanalysed event a live or paper run is analysed.</param>
/// <param name="recordingInterval">The least time between two analyses of a backtest or a replay while it records (null: none).</param>
/// <param name="analyse">Asks the writer for a running run's analysis, called off by the token; the task ends when it is stored.</param>
/// <param name="analyseEnded">Asks the writer for the whole analysis of a run that ended with nobody asking for it.</param>
/// <param name="imageKept">Whether the writer kept what it stored of the run for its next store (<see cref="Analysis.StoredImages"/>).</param>
/// <param name="wake">Wakes the writer's loop (an analysis finished: another may be due).</param>
/// <param name="report">The writer's problem log.</param>
internal sealed partial class RunningAnalyses(TimeProvider time, TimeSpan interval, TimeSpan? recordingInterval,
    Func<string, CancellationToken, Task> analyse, Func<string, Task> analyseEnded, Func<string, bool> imageKept,
    Action wake, Action<string> report)
{
    /// <summary>A backtest's next analysis waits at least this many times what its last one took.</summary>
    public const int CostFactor = 4;

    private static readonly string Live = StoredText.Source(RunSource.Live);
    private static readonly string Paper = StoredText.Source(RunSource.Paper);

    private readonly object gate = new();
    private readonly Dictionary<string, Run> runs = new(StringComparer.Ordinal);

    // Runs that ended in this session with events of theirs written, whose end analysis nobody asked for (an import, a
    // replay of lines, the server's ingest): analysed whole at the close, so no run keeps figures from before its end.
    private readonly HashSet<string> ended = new(StringComparer.Ordinal);
    private readonly HashSet<string> endAsked = new(StringComparer.Ordinal);
    private int started;

    /// <summary>Running analyses asked for so far (tests: a run with nothing new costs none).</summary>
    public int Started => Volatile.Read(ref started);

    /// <summary>On the writer's thread, after a commit: the runs it wrote events of, and whether they still run.</summary>
    public void Written(IEnumerable<(string RunId, string Source, bool Running)> written)
    {
        lock (gate)
        {
            foreach (var (runId, source, running) in written)
            {
                if (!running)
                {
                    // Ended: its own end's analysis follows (RecorderSession.AnalyzeRunWhenWritten); a running analysis
                    // asked before it finds the run ended in its snapshot and stores nothing.
                    if (runs.Remove(runId, out var gone))
                    {
                        gone.Waiting.ForEach(w => w.TrySetCanceled());
                        gone.CallOff();
                    }

                    if (!endAsked.Contains(runId))
                    {
                        ended.Add(runId);
                    }

                    continue;
                }

                if (!runs.TryGetValue(runId, out var run))
                {
                    runs[runId] = run = new Run(time.GetTimestamp());
                }

                run.Timed = source == Live || source == Paper;
                run.DirtySince ??= time.GetTimestamp();
            }
        }
    }

    /// <summary>
    /// On the writer's thread, between batches: asks for the analyses of running runs now due. A backtest's only when the
    /// writer is <paramref name="idle"/> (it keeps up with its queue: less than a batch waits): it is a head start for the
    /// run's end, which nobody waits for yet, and must not slow the recording down (an import, or a producer faster than
    /// the writer, never waits for one).
    /// </summary>
    public void StartDue(bool idle)
    {
        lock (gate)
        {
            foreach (var (runId, run) in runs)
            {
                if ((idle || run.Timed) && Left(run) is { } left && left <= TimeSpan.Zero)
                {
                    Start(runId, run);
                }
            }
        }
    }

    /// <summary>How long until the next running run's analysis is due (null: none is waiting), for the writer's alarm.</summary>
    public TimeSpan? NextDue
    {
        get
        {
            lock (gate)
            {
                TimeSpan? next = null;
                foreach (var run in runs.Values)
                {
                    if (Left(run) is { } left)
                    {
                        left = left > TimeSpan.Zero ? left : TimeSpan.Zero;
                        next = next is { } n && n < left ? n : left;
                    }
                }

                return next;
            }
        }
    }

    // Under the gate: how long until the run's analysis is due (at most zero: now), or null when none is waiting.
    private TimeSpan? Left(Run run)
    {
        if (run.InFlight is not null || run.DirtySince is not { } since || run.Ending)
        {
            return null;
        }

        if (run.Timed)
        {
            return interval - time.GetElapsedTime(since);
        }

        if (recordingInterval is not { } every || !run.Worthwhile)
        {
            return null;
        }

        var wait = run.Cost * CostFactor;
        return (wait > every ? wait : every) - time.GetElapsedTime(run.Since);
    }

    /// <summary>Someone asked for the run's end analysis (the plugin at a run's end, the next open for a run it abandons).</summary>
    public void EndAnalysisAsked(string runId)
    {
        lock (gate)
        {
            endAsked.Add(runId);
            ended.Remove(runId);
            if (runs.TryGetValue(runId, out var run))
            {
                // Its end's analysis follows the one in flight: a preparation still computing is called off, and no other
                // is started for the events still to come before the end.
                run.Ending = true;
                run.CallOff();
            }
        }
    }

    /// <summary>
    /// At the writer's close, once everything recorded is written: every run still open with events since its last
    /// analysis is analysed now (after the one in flight, if any: the writer's jobs run in order), and every run that
    /// ended in this session without its end analysis asked for is analysed whole.
    /// </summary>
    public void AtClose()
    {
        lock (gate)
        {
            foreach (var (runId, run) in runs)
            {
                if (run.DirtySince is not null)
                {
                    Start(runId, run);
                }
            }

            foreach (var runId in ended)
            {
                Interlocked.Increment(ref started);
                analyseEnded(runId).ContinueWith(
                    t => report($"the analysis of run {runId}, which ended in this session, failed ({t.Exception!.GetBaseException().Message}); " +
                                $"recorder analyze {runId} computes it"),
                    CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            ended.Clear();
        }
    }

    /// <summary>
    /// Completes when the next analysis of <paramref name="runId"/> asked for after this call is stored (or failed, or
    /// was cancelled): tests wait on it instead of on the clock.
    /// </summary>
    public Task Next(string runId)
    {
        lock (gate)
        {
            if (!runs.TryGetValue(runId, out var run))
            {
                // No event of it written yet: the run is known once one is.
                runs[runId] = run = new Run(time.GetTimestamp());
            }

            var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            run.Waiting.Add(next);
            return next.Task;
        }
    }

    // Under the gate.
    private void Start(string runId, Run run)
    {
        run.DirtySince = null;
        var waiting = run.Waiting.ToList();
        run.Waiting.Clear();
        Interlocked.Increment(ref started);
        var began = time.GetTimestamp();
        var callOff = new CancellationTokenSource();
        run.Calling = callOff;
        Task task;
        try
        {
            task = analyse(runId, callOff.Token);
        }
        catch (Exception ex)
        {
            task = Task.FromException(ex);
        }

        run.InFlight = task;
        task.ContinueWith(t =>
        {
            bool sayIt;
            lock (gate)
            {
                if (ReferenceEquals(run.Calling, callOff))
                {
                    run.Calling = null;
                }

                if (ReferenceEquals(run.InFlight, t))
                {
                    run.InFlight = null;
                    run.Cost = time.GetElapsedTime(began);
                    run.Since = time.GetTimestamp();
                    // A backtest's analysis while it records is for its end's store: worth it only while that store is kept.
                    run.Worthwhile = run.Timed || !t.IsCompletedSuccessfully || imageKept(runId);
                }

                // Said once when it starts failing, not every interval of a run whose analysis keeps failing.
                sayIt = t.IsFaulted && !run.Failing;
                run.Failing = t.IsFaulted;
            }

            callOff.Dispose();
            if (sayIt)
            {
                report($"the running analysis of run {runId} failed ({t.Exception!.GetBaseException().Message}); " +
                       $"it is tried again with its next events, or: recorder analyze {runId}");
            }

            waiting.ForEach(w => w.TrySetResult());
            wake();
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
