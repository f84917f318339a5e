using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Work whose writes must go through the file's one writing connection (docs/decisions.md, 2), such as the
/// analysis of a run that ended. A job waits until every event recorded before it was asked for is settled; then its
/// preparation (loading and computing, from a read connection of its own) runs off the writer's thread, on the jobs'
/// own (<see cref="JobThread"/>), and returns its writes as steps. The writer runs those steps between its batches, for at most
/// <see cref="StepBudget"/> at a time and in one transaction (at least one step): the runs still recording into the
/// file wait for a slice of the store, never for a whole analysis, and a small run's store of a dozen steps is one
/// commit, not a dozen. Jobs run one after another, in the order they were asked for (a run's analysis may read what
/// the one before it stored). A job that throws fails its task, and <paramref name="failed"/> is told; the writer goes on.
/// </summary>
/// <param name="ownTransaction">Runs a job's work in a transaction that is a write of the writer's own (<see cref="KeptFacts.OwnTransaction"/>).</param>
/// <param name="file">The file the jobs write, as their trace events name it (<see cref="WriterEvents"/>).</param>
internal sealed class WriterJobs(TimeProvider time, TimeSpan? stepBudget = null, Action? prepared = null, Action? failed = null,
    Action<SqliteConnection, Action>? ownTransaction = null, string file = "")
{
    private readonly ConcurrentQueue<Job> queue = new();
    private readonly CancellationTokenSource cancel = new();
    private readonly JobThread preparing = new();
    private long latestTarget;

    /// <summary>How long the writer runs steps before it looks at its queue again.</summary>
    public TimeSpan StepBudget { get; } = stepBudget ?? TimeSpan.FromMilliseconds(200);

    /// <summary>The jobs not finished yet, those being prepared or stored included.</summary>
    public int Count => queue.Count;

    /// <summary>The first job is being prepared (its reading may hold a snapshot of the file); only the writer starts one.</summary>
    public bool Preparing => queue.TryPeek(out var job) && job.Prepared is { IsCompleted: false };

    /// <summary>The first job has steps to run now: the writer must not go to sleep.</summary>
    public bool Ready => queue.TryPeek(out var job) && job.Prepared is { IsCompleted: true } && job.Waiting is null or { IsCompleted: true };

    /// <summary>
    /// A step that lets the job's next steps run only once <paramref name="ready"/> has completed: a preparation may
    /// return its first steps while it computes what the later ones write (a run's trades are stored while its equity
    /// and metrics are computed). Until then the writer commits what ran and goes back to its batches; a fault of
    /// <paramref name="ready"/> fails the job there. Run outside the writer (one transaction), it waits.
    /// </summary>
    public static Action<SqliteConnection> After(Task ready) => new StepGate(ready).Pass;

    /// <summary>
    /// A job waits for events not settled yet: like a flush, it has the batch holding them written without waiting for
    /// more (a live run's check after a fill, a run's analysis after its end).
    /// </summary>
    public bool AwaitsWrite(long settled) => Interlocked.Read(ref latestTarget) > settled;

    /// <summary>
    /// Queues a job to be prepared once <paramref name="settledTarget"/> events are settled; <paramref name="name"/> is
    /// what its trace events call it (<see cref="WriterEvents"/>).
    /// </summary>
    public Task Add(Func<CancellationToken, IEnumerable<Action<SqliteConnection>>> prepare, long settledTarget, string name = "job")
    {
        Targets.Raise(ref latestTarget, settledTarget);
        var job = new Job(prepare, settledTarget, name);
        queue.Enqueue(job);
        return job.Done.Task;
    }

    /// <summary>
    /// On the writer's thread: starts the first job's preparation once its events are settled, and runs the steps of
    /// prepared jobs for about <see cref="StepBudget"/> (at least one step).
    /// </summary>
    public void RunDue(SqliteConnection connection, long settled)
    {
        // A scheduling budget, not a wait: it shares the writer's thread between the store and the batches.
        var started = time.GetTimestamp();
        while (queue.TryPeek(out var job))
        {
            if (job.Prepared is null)
            {
                if (job.SettledTarget > settled)
                {
                    return;
                }

                var prepare = job.Prepare;
                var token = cancel.Token;
                var name = job.Name;
                job.Prepared = preparing.Run(() =>
                {
                    var steps = prepare(token);
                    WriterEvents.Log.JobPrepared(file, name);
                    return steps;
                }, token);
                if (prepared is not null)
                {
                    // The writer sleeps until something happens: a finished preparation is such a thing. Woken from the
                    // thread that finished it (a wake-up only sets the writer's signal), not from a work item of its own.
                    job.Prepared.ContinueWith(_ => prepared(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
            }

            if (!job.Prepared.IsCompleted || job.Waiting is { IsCompleted: false })
            {
                return;
            }

            if (!job.Step(connection, () => time.GetElapsedTime(started) < StepBudget, prepared, ownTransaction, file))
            {
                queue.TryDequeue(out _);
                if (job.Done.Task.IsFaulted)
                {
                    failed?.Invoke();
                }
            }
            else if (time.GetElapsedTime(started) >= StepBudget)
            {
                return;
            }
        }
    }

    /// <summary>
    /// At shutdown: the jobs that could not finish are cancelled, so nobody waits for them forever, and the jobs' thread
    /// ends once a preparation under way has stopped.
    /// </summary>
    public void CancelAll()
    {
        cancel.Cancel();
        preparing.Stop();
        while (queue.TryDequeue(out var job))
        {
            job.Done.TrySetCanceled();
        }
    }

    // A step made by After whose task has not completed.
    private static Task? Closed(Action<SqliteConnection> step) => step.Target is StepGate { Ready.IsCompleted: false } gate ? gate.Ready : null;

    private sealed class StepGate(Task ready)
    {
        public Task Ready { get; } = ready;

        public void Pass(SqliteConnection connection) => Ready.GetAwaiter().GetResult();
    }

    private sealed class Job(Func<CancellationToken, IEnumerable<Action<SqliteConnection>>> prepare, long settledTarget, string name)
    {
        private IEnumerator<Action<SqliteConnection>>? steps;

        // The enumerator's current step was made and has not run yet (the budget ended the transaction before it).
        private bool made;

        public Func<CancellationToken, IEnumerable<Action<SqliteConnection>>> Prepare { get; } = prepare;

        public long SettledTarget { get; } = settledTarget;

        public string Name { get; } = name;

        public Task<IEnumerable<Action<SqliteConnection>>>? Prepared { get; set; }

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>What the next step waits for (<see cref="After"/>), while it has not completed.</summary>
        public Task? Waiting { get; private set; }

        /// <summary>
        /// Runs the next steps in one transaction, while <paramref name="more"/> says the budget allows another (at least
        /// one); false once the job has finished, well or not. Its task completes only once its last step is committed.
        /// </summary>
        public bool Step(SqliteConnection connection, Func<bool> more, Action? wake, Action<SqliteConnection, Action>? ownTransaction, string file)
        {
            try
            {
                // The job's owner sees a failure on its task (the plugin reports it in the strategy's log).
                if (Prepared!.IsCanceled)
                {
                    Done.TrySetCanceled();
                    return false;
                }

                if (Prepared.Exception is { } failed)
                {
                    Done.TrySetException(failed.InnerExceptions);
                    return false;
                }

                steps ??= Prepared.Result.GetEnumerator();
                var finished = !made && !steps.MoveNext();
                made = !finished;
                if (!finished && Closed(steps.Current) is null)
                {
                    void Work()
                    {
                        do
                        {
                            made = false;
                            steps.Current(connection);
                            // The next step is made after this one ran: a step may decide what the next ones are.
                            made = steps.MoveNext();
                            finished = !made;
                        }
                        while (made && more() && Closed(steps.Current) is null);
                    }

                    if (ownTransaction is null)
                    {
                        WriteTransaction.Run(connection, Work);
                    }
                    else
                    {
                        ownTransaction(connection, Work);
                    }
                }

                if (made && Closed(steps.Current) is { } waiting)
                {
                    // Woken once it completes, as a finished preparation wakes the writer.
                    Waiting = waiting;
                    WriterEvents.Log.JobWaiting(file, Name);
                    if (wake is not null)
                    {
                        waiting.ContinueWith(_ => wake(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    }
                }

                if (finished)
                {
                    steps.Dispose();
                    WriterEvents.Log.JobStored(file, Name);
                    Done.TrySetResult();
                    return false;
                }

                return true;
            }
            catch (OperationCanceledException)
            {
                // What a step waited for was called off (the writer's shutdown): so is the job.
                steps?.Dispose();
                Done.TrySetCanceled();
                return false;
            }
            catch (Exception ex)
            {
                steps?.Dispose();
                Done.TrySetException(ex);
                return false;
            }
        }
    }
}
