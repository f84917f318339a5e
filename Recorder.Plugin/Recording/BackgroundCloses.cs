using System.Collections.Concurrent;
using QuantowerRecorder.Plugin.Diagnostics;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>
/// Closes handles off the platform's threads (OnStop, StrategyStateChanged must return at once), and keeps the ones
/// under way so that the process can wait for them when it exits and tests before they read the file.
/// </summary>
internal static class BackgroundCloses
{
    private static readonly ConcurrentDictionary<Task, byte> UnderWay = new();

    static BackgroundCloses()
    {
        // A process that exits right after a strategy stopped still writes that run's last events: the writer's
        // thread is a background thread and would die with it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => WaitAll(TimeSpan.FromSeconds(5));
    }

    public static Task Run(Action close, ProblemLog problems)
    {
        var task = Task.Run(() => Guard.Run(problems, "closing the database", close));
        UnderWay[task] = 0;
        task.ContinueWith(static t => UnderWay.TryRemove(t, out _), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    /// <summary>Waits for the closes under way now; false if some did not finish in time.</summary>
    public static bool WaitAll(TimeSpan timeout)
    {
        var tasks = UnderWay.Keys.ToArray();
        return tasks.Length == 0 || Task.WaitAll(tasks, timeout);
    }
}
