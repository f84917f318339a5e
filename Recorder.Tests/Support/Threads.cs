namespace QuantowerRecorder.Tests.Support;

/// <summary>Waiting on what a thread is doing rather than on the clock.</summary>
internal static class Threads
{
    /// <summary>
    /// Starts <paramref name="body"/> on its own thread and returns once that thread has ended, or is blocked (on a
    /// lock, an event or a task) with <paramref name="reached"/> true: a test then looks at a state the code reached,
    /// however busy the machine is, instead of at what a fixed sleep happened to leave.
    /// </summary>
    public static Thread StartAndWaitUntilBlocked(Action body, Func<bool>? reached = null)
    {
        var thread = new Thread(() => body()) { IsBackground = true };
        thread.Start();
        SpinWait.SpinUntil(() => !thread.IsAlive
            || ((thread.ThreadState & ThreadState.WaitSleepJoin) != 0 && (reached is null || reached())), TimeSpan.FromSeconds(60));
        return thread;
    }
}
