namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Waiting on the writer: a flush, a close or a job waits, on the options' clock, until its condition holds or its
/// budget's timer on that clock fires, so that a test's fake clock decides every wait. A waiter says what it waits for;
/// the loop, after every batch, job step and when it stops (and a new handle, <see cref="Writer.Handles"/>), wakes only
/// the waiters whose condition now holds. An optimisation keeps a close waiting for each pass just ended: woken all at
/// every batch, they took more of the processor than the writer (the optimisation benchmark, 2 ms a pass).
/// </summary>
internal sealed partial class Writer
{
    // The waiters, under progressGate; each is woken on its own.
    private readonly List<Waiter> waiters = [];

    /// <summary>
    /// Waits, on the options' clock, until <paramref name="done"/> holds or the time is up. <paramref name="done"/> is
    /// also asked on the loop's thread, after its progress: it reads state and does nothing else.
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

        var waiter = new Waiter(done);
        using var timer = time.CreateTimer(static s => ((Waiter)s!).Expire(), waiter, timeout, Timeout.InfiniteTimeSpan);
        // Listed before it looks again: progress made after that look finds it listed and asks its condition then.
        lock (progressGate)
        {
            waiters.Add(waiter);
        }

        try
        {
            while (!done())
            {
                if (!waiter.Wait())
                {
                    return false;
                }
            }

            return true;
        }
        finally
        {
            lock (progressGate)
            {
                waiters.Remove(waiter);
            }
        }
    }

    // Wakes the waiters whose condition holds now. Asked outside the gate: a condition may take a lock of its own
    // (the trials' figures), and the handles change under the registry's.
    private void Progressed()
    {
        Waiter[] listed;
        lock (progressGate)
        {
            if (waiters.Count == 0)
            {
                return;
            }

            listed = [.. waiters];
        }

        foreach (var waiter in listed)
        {
            if (waiter.Done())
            {
                waiter.Wake();
            }
        }
    }

    // One wait: woken when its condition was found to hold, or when its budget's timer fired.
    private sealed class Waiter(Func<bool> done)
    {
        private readonly object gate = new();
        private bool woken;
        private bool expired;

        public Func<bool> Done { get; } = done;

        public void Wake()
        {
            lock (gate)
            {
                woken = true;
                Monitor.Pulse(gate);
            }
        }

        public void Expire()
        {
            lock (gate)
            {
                expired = true;
                Monitor.Pulse(gate);
            }
        }

        // Until woken (true, consumed) or expired (false).
        public bool Wait()
        {
            lock (gate)
            {
                while (!woken && !expired)
                {
                    Monitor.Wait(gate);
                }

                var was = woken;
                woken = false;
                return was || !expired;
            }
        }
    }
}
