namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The thread a writer's jobs are prepared on (<see cref="WriterJobs"/>): one per writer, started with its first job
/// and ended with the writer. Jobs are prepared one after another anyway (only the first queued job is), so a thread of
/// their own changes no order, and it takes them off the thread pool, for two reasons:
/// <list type="bullet">
/// <item>A work item woke a pool worker, which then spun for more work once it had run it (the optimisation benchmark:
/// about 0.14 ms of CPU a work item, with every pass's end analysis one). This thread sleeps in the kernel between jobs.</item>
/// <item>The platform's pool may be busy with the platform's own work, and a starved pool adds threads slowly: a run's
/// analysis no longer waits for it.</item>
/// </list>
/// What a preparation starts on the pool itself (a long run's bars read beside, its parts computed side by side) stays
/// there.
/// </summary>
/// <param name="name">The thread's name (<see cref="Name"/>; tests give their own).</param>
internal sealed class JobThread(string name = JobThread.Name)
{
    /// <summary>The thread's name, as the benchmarks find it (a thread's first 15 characters on Linux).</summary>
    public const string Name = "Recorder jobs";

    private readonly object gate = new();
    private readonly Queue<Action> work = new();
    private Thread? thread;
    private bool stopped;

    /// <summary>
    /// Runs <paramref name="prepare"/> on the thread after the work before it, as <see cref="Task.Run{TResult}(Func{TResult}, CancellationToken)"/>
    /// would on the pool: canceled if <paramref name="cancel"/> is before it starts, or if it throws for it; faulted if it
    /// throws otherwise. Its task's synchronous continuations run on the thread. Canceled once the thread is stopped.
    /// </summary>
    public Task<T> Run<T>(Func<T> prepare, CancellationToken cancel)
    {
        var done = new TaskCompletionSource<T>();
        void Work()
        {
            if (cancel.IsCancellationRequested)
            {
                done.TrySetCanceled(cancel);
                return;
            }

            try
            {
                done.TrySetResult(prepare());
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                done.TrySetCanceled(cancel);
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        }

        lock (gate)
        {
            if (stopped)
            {
                done.TrySetCanceled(cancel.IsCancellationRequested ? cancel : new CancellationToken(canceled: true));
                return done.Task;
            }

            work.Enqueue(Work);
            if (thread is null)
            {
                thread = new Thread(Loop) { IsBackground = true, Name = name };
                thread.Start();
            }
            else
            {
                Monitor.Pulse(gate);
            }
        }

        return done.Task;
    }

    /// <summary>The thread ends once the work queued before this has run; work given after it is canceled.</summary>
    public void Stop()
    {
        lock (gate)
        {
            stopped = true;
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>The thread, once started (tests).</summary>
    internal Thread? Thread
    {
        get
        {
            lock (gate)
            {
                return thread;
            }
        }
    }

    private void Loop()
    {
        while (true)
        {
            Action next;
            lock (gate)
            {
                while (work.Count == 0 && !stopped)
                {
                    Monitor.Wait(gate);
                }

                if (!work.TryDequeue(out next!))
                {
                    return;
                }
            }

            next();
        }
    }
}
