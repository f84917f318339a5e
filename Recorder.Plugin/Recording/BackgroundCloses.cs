using System.Collections.Concurrent;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>
/// Ends and closes runs off the platform's threads (OnStop, StrategyStateChanged must return at once), and keeps the
/// ones under way — draining their last orders, writing, closing — so that the process can finish them when it exits
/// and tests before they read the file.
/// </summary>
internal static class BackgroundCloses
{
    private static readonly ConcurrentDictionary<Task, Action> UnderWay = new();
    private static int stopping;
    private static int draining;

    static BackgroundCloses()
    {
        // A process that exits right after a strategy stopped still writes that run's last events: the writer's
        // thread is a background thread and would die with it. Runs still draining end now, with what they have.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Interlocked.Exchange(ref stopping, 1);
            foreach (var finish in UnderWay.Values)
            {
                finish();
            }

            WaitAll(TimeSpan.FromSeconds(5));
        };
    }

    /// <summary>Runs whose end was asked and is not recorded yet: still taking their last orders' events.</summary>
    public static int Draining => Volatile.Read(ref draining);

    /// <summary>A run's drain began (<paramref name="began"/>) or ended.</summary>
    public static void Drain(bool began) => Interlocked.Add(ref draining, began ? 1 : -1);

    /// <summary>True once the process is exiting: a run's drain ends at once.</summary>
    public static bool Stopping => Volatile.Read(ref stopping) == 1;

    /// <summary>Keeps <paramref name="task"/> among those under way; <paramref name="finish"/> hurries it when the process exits.</summary>
    public static Task Track(Task task, Action finish)
    {
        UnderWay[task] = finish;
        task.ContinueWith(static t => UnderWay.TryRemove(t, out _), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    /// <summary>Waits for the runs under way now; false if some did not finish in time.</summary>
    public static bool WaitAll(TimeSpan timeout)
    {
        var tasks = UnderWay.Keys.ToArray();
        return tasks.Length == 0 || Task.WaitAll(tasks, timeout);
    }
}
