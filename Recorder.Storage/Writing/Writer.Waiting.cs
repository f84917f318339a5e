namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Waiting on the writer: a flush, a close or a job waits, on the options' clock, for what the loop pulses after every
/// batch, job step and when it stops (and a new handle, <see cref="Writer.Handles"/>), or for its budget's timer on
/// that same clock, so that a test's fake clock decides every wait.
/// </summary>
internal sealed partial class Writer
{
    /// <summary>
    /// Waits, on the options' clock, until <paramref name="done"/> holds or the time is up. The loop pulses after every
    /// batch, job step and when it stops; a timer on the same clock ends the wait, so a test's fake clock decides it.
    /// </summary>
    private bool WaitUntil(Func<bool> done, TimeSpan timeout)
    {
        if (done())
        {
            return true;
        }

        if (timeout <= TimeSpan.Zero)
        {
            return false;
        }

        var expired = new StrongBox();
        using var timer = time.CreateTimer(static s =>
        {
            var (gate, box) = ((object, StrongBox))s!;
            lock (gate)
            {
                box.Value = true;
                Monitor.PulseAll(gate);
            }
        }, (progressGate, expired), timeout, Timeout.InfiniteTimeSpan);
        lock (progressGate)
        {
            while (!done())
            {
                if (expired.Value)
                {
                    return false;
                }

                Monitor.Wait(progressGate);
            }

            return true;
        }
    }

    private void Progressed()
    {
        lock (progressGate)
        {
            Monitor.PulseAll(progressGate);
        }
    }

    private sealed class StrongBox
    {
        public volatile bool Value;
    }
}
