namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The runs whose whole analysis the writer stored since it last stored the deflated Sharpe figures of their trials
/// (<see cref="Analysis.TrialFigures"/>). A run's end analyses the run alone; the figures of the runs whose trials
/// include it follow in one job once no other job waits, at most once per <paramref name="interval"/> (counted from the
/// writer's start) — during a burst of ends (an optimisation's passes) a few times, not after each, then after the last —
/// and before the writer stops. A job's cost grows with its population (every run of it is stored again), so the next
/// waits also <see cref="CostFactor"/> times what the last one took once that is longer: the figures of a population of
/// tens of thousands of passes take at most about a fifth of the time, and the passes' own analyses, queued behind
/// them, are not held up for longer as the file fills.
/// </summary>
/// <param name="time">The writer's clock: the interval runs on it.</param>
/// <param name="interval">The least time between two starts of the job (the writer's close does not wait for it).</param>
/// <param name="jobsWaiting">The writer's jobs not finished yet.</param>
/// <param name="store">Queues the job that stores the figures of the trials of the runs given; the token calls it off (the
/// job then stores nothing).</param>
internal sealed class TrialFiguresDue(TimeProvider time, TimeSpan interval, Func<int> jobsWaiting,
    Func<IReadOnlyCollection<string>, CancellationToken, Task> store, Action<string> report)
{
    private readonly object gate = new();
    private readonly SortedSet<string> due = new(StringComparer.Ordinal);
    // The interval counts from the writer's start too: a writer opened again between two passes of an optimisation does
    // not store the whole population's figures at the first end it analyses.
    private long lastStarted = time.GetTimestamp();

    // What the last job that finished took, and when it finished (its start and end on the writer's clock).
    private TimeSpan lastCost;
    private long lastFinished;
    private int started;
    private bool closing;

    // The job storing figures now.
    private InFlight? inFlight;

    /// <summary>The next job waits at least this many times what the last one took (as a backtest's running analyses do).</summary>
    public const int CostFactor = RunningAnalyses.CostFactor;

    /// <summary>Jobs started so far (tests: an optimisation's passes start one per interval, not one each).</summary>
    public int Started => Volatile.Read(ref started);

    /// <summary>In the last step of a run's whole analysis, on the writer's thread: the run's trials are due.</summary>
    public void Analysed(string runId)
    {
        lock (gate)
        {
            due.Add(runId);
        }
    }

    /// <summary>On the writer's thread, between batches: when no other job waits, queues the one for every run due.</summary>
    public void StartIfIdle()
    {
        lock (gate)
        {
            if (Wait() != TimeSpan.Zero)
            {
                return;
            }

            // Hurried: the close started it before the interval had passed.
            var hurried = closing && time.GetElapsedTime(lastStarted) < interval;
            lastStarted = time.GetTimestamp();
            Interlocked.Increment(ref started);
            var runIds = due.ToList();
            var job = new InFlight(runIds, hurried);
            inFlight = job;
            var jobStarted = lastStarted;
            var task = store(runIds, job.CallOff.Token);
            task.ContinueWith(t =>
            {
                lock (gate)
                {
                    if (ReferenceEquals(inFlight, job))
                    {
                        inFlight = null;
                    }

                    if (t.IsCompletedSuccessfully)
                    {
                        lastFinished = time.GetTimestamp();
                        lastCost = time.GetElapsedTime(jobStarted, lastFinished);
                    }
                }
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            task.ContinueWith(
                t => report($"the deflated Sharpe figures of {runIds.Count} run(s) and their trials were not stored " +
                            $"({t.Exception!.GetBaseException().Message}); recorder analyze --all stores them"),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            // Queued before it is forgotten here: whoever asks Settled sees the one or the other.
            due.Clear();
        }
    }

    /// <summary>How long until the job may start (null: nothing is due, or other jobs run first), for the writer's alarm.</summary>
    public TimeSpan? NextDue
    {
        get
        {
            lock (gate)
            {
                return Wait();
            }
        }
    }

    /// <summary>The writer closes: what is due is stored as soon as no other job waits.</summary>
    public void AtClose()
    {
        lock (gate)
        {
            closing = true;
        }
    }

    /// <summary>
    /// The close was called off: a new handle came while it waited (an optimisation's next pass). The interval holds
    /// again, and a job the close hurried stops where it is, its runs due again: without this every later pass' close
    /// would store its whole population's figures, and a pass would cost more the more passes came before it.
    /// </summary>
    public void CalledOff()
    {
        lock (gate)
        {
            closing = false;
            if (inFlight is { Hurried: true } job)
            {
                job.CallOff.Cancel();
                due.UnionWith(job.RunIds);
                inFlight = null;
            }
        }
    }

    /// <summary>Figures are due: a close would start them.</summary>
    public bool Due
    {
        get
        {
            lock (gate)
            {
                return due.Count > 0;
            }
        }
    }

    /// <summary>No job waits and no figures are due: what a close waits for.</summary>
    public bool Settled
    {
        get
        {
            lock (gate)
            {
                return due.Count == 0 && jobsWaiting() == 0;
            }
        }
    }

    private TimeSpan? Wait()
    {
        if (due.Count == 0 || jobsWaiting() > 0)
        {
            return null;
        }

        if (closing)
        {
            return TimeSpan.Zero;
        }

        var left = interval - time.GetElapsedTime(lastStarted);
        if (lastFinished != 0)
        {
            var costly = lastCost * CostFactor - time.GetElapsedTime(lastFinished);
            left = costly > left ? costly : left;
        }

        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private sealed class InFlight(IReadOnlyCollection<string> runIds, bool hurried)
    {
        public IReadOnlyCollection<string> RunIds { get; } = runIds;

        public bool Hurried { get; } = hurried;

        public CancellationTokenSource CallOff { get; } = new();
    }
}
