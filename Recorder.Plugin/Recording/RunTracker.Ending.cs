using QuantowerRecorder.Plugin.Diagnostics;
using QuantowerRecorder.Plugin.Mapping;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>A run's end: asked at once, recorded once its last orders have settled (<see cref="RunDrain"/>).</summary>
internal sealed partial class RunTracker
{
    /// <summary>
    /// Asks for the end of the run and returns at once: the platform's thread never waits. The run keeps taking its
    /// orders' events until they settle (<see cref="RunDrain"/>), then records its end; the analysis is a job of the
    /// file's writer, and the run's handle is closed in the background within <paramref name="timeout"/>.
    /// </summary>
    public void End(RunStatus status, string? errorMessage, TimeSpan timeout)
    {
        // A backtest's held forming bars first (BarSeriesRecorder.StopHolding), outside the run's lock (they take their
        // series' lock, then the run's) and before the end can be decided: a series that starts later starts released.
        BarSeriesRecorder[] holding;
        lock (gate)
        {
            if (ending)
            {
                return;
            }

            formingReleased = true;
            holding = [.. series];
        }

        foreach (var recorder in holding)
        {
            recorder.StopHolding();
        }

        bool now;
        lock (gate)
        {
            if (ending)
            {
                return;
            }

            ending = true;
            BackgroundCloses.Drain(began: true);
            end = (status, errorMessage, timeout, clock.GetTimestamp());
            drainTimer = clock.CreateTimer(static s => ((RunTracker)s!).TryFinish(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            // The end can be decided no sooner than the settle time from now (the run is quiet for no time yet), or the
            // limit if that comes first; once, at that moment, on the run's timer, armed here on the caller's thread so that
            // whoever moves the run's clock next finds it armed. A moment already come (no settle time, no limit, the
            // closes stopping) is decided at once off the platform's thread, one work item: a look at once as well, which
            // could only arm the same timer again, was one more work item in every end.
            var due = drain.Limit < drain.Settle ? drain.Limit : drain.Settle;
            now = due <= TimeSpan.Zero || BackgroundCloses.Stopping;
            if (!now)
            {
                drainTimer.Change(due, Timeout.InfiniteTimeSpan);
            }
        }

        // The closes stopping from now on decide it at once (TryFinish, their hurry); so does this, if they began to
        // stop before it was tracked.
        BackgroundCloses.Track(WhenClosed, TryFinish);
        if (now || BackgroundCloses.Stopping)
        {
            ThreadPool.QueueUserWorkItem(static s => s.TryFinish(), this, preferLocal: false);
        }
    }

    /// <summary>How many times the run's end was looked at to be decided (<see cref="TryFinish"/>; tests).</summary>
    internal int EndLooks => Volatile.Read(ref endLooks);

    // The run's one drain timer, on its clock, at the next moment its end could be decided; a moment already come is
    // decided on the thread pool, never on the caller's (a platform) thread. Under the run's lock.
    private void ArmDrain(TimeSpan due)
    {
        if (due > TimeSpan.Zero)
        {
            drainTimer?.Change(due, Timeout.InfiniteTimeSpan);
        }
        else if (drainTimer is not null)
        {
            ThreadPool.QueueUserWorkItem(static s => s.TryFinish(), this, preferLocal: false);
        }
    }

    // The end, once the run's orders have settled or its drain's limit is reached. Asked when the end is asked, when
    // the run's bars have started, and by the run's one timer at the next moment it could be true: the settle time
    // after the last event (each event moves it), or the limit. Never on a platform thread.
    private void TryFinish() => Guard.Run(problems, "ending the run", () =>
    {
        Interlocked.Increment(ref endLooks);
        RecorderSession? file;
        lock (gate)
        {
            if (!ending || ended || session is null)
            {
                return;
            }

            var sinceAsked = clock.GetElapsedTime(end.AskedAt);
            var quietFor = clock.GetElapsedTime(Math.Max(end.AskedAt, lastEventAt));
            var working = orders.Working;
            var waitingFor = working.Length > 0 || barsStarting;
            var settled = !waitingFor && QueuedMessages() == 0 && quietFor >= drain.Settle;
            if (!settled && sinceAsked < drain.Limit && !BackgroundCloses.Stopping)
            {
                // Orders still working (or bars starting) end the drain with their own events, else at the limit; a
                // connection with messages still queued is looked at again a settle time later.
                var limitLeft = drain.Limit - sinceAsked;
                var next = quietFor < drain.Settle ? drain.Settle - quietFor : waitingFor ? limitLeft : drain.Recheck;
                ArmDrain(next < limitLeft ? next : limitLeft);
                return;
            }

            if (working.Length > 0)
            {
                problems.Info($"run {RunId} ends with {working.Length} order(s) still working after {sinceAsked.TotalSeconds:0.#} s: {string.Join(", ", working)}");
            }

            ended = true;
            BackgroundCloses.Drain(began: false);
            drainTimer?.Dispose();
            subscription?.Dispose();
            OpenLocked(force: true);
            Guard.Run(problems, "OCO groups", () => flow.Settle(Now));
            Record(new RunEnded { RunId = RunId, EventUtc = Now, Source = Definition.Source, Status = end.Status, ErrorMessage = end.Error });
            file = session;
        }

        foreach (var recorder in series)
        {
            recorder.Dispose();
        }

        var analysis = RunEnding.Analyse(file, RunId, problems);
        // The handle closes once the run's last drift check is over: one asked as the file closes would be cancelled. Both
        // continuations only hand over (the close starts its own thread; `closed` runs its continuations asynchronously),
        // so they run on the thread that completes what they follow — this one, when no drift check is under way (a
        // backtest, an optimisation's pass), never a platform thread: this runs on the pool or the run's timer, and the
        // drift check's idle task runs its continuations asynchronously — rather than as a work item each on the pool.
        var closing = DriftChecked.ContinueWith(_ => RunEnding.Close(file, end.Timeout, problems), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
        Task.WhenAll(analysis, closing).ContinueWith(_ => closed.TrySetResult(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    });

    // Messages the account's connection still has to deliver (an order sent at the last moment, its fill).
    private int QueuedMessages()
    {
        try
        {
            return scope.Account?.Connection?.MessagesQueueDepth ?? 0;
        }
        catch (NullReferenceException)
        {
            // The connection is gone (the platform's objects throw then): nothing more will come from it.
            return 0;
        }
    }
}
