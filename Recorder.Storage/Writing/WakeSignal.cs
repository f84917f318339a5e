namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// How the writer sleeps while it has nothing to do, and who wakes it: the producer that finds it asleep (the others
/// pay one read), or anyone who wants its attention (a flush, a job, the close). A wake-up asked for just before the
/// writer lies down is not lost. No timer wakes it without a reason; a caller's deadline is its own.
/// </summary>
internal sealed class WakeSignal
{
    private readonly ManualResetEventSlim signal = new(false);
    private int sleeping;
    private int asked;

    /// <summary>After an event was queued (the queue's own write is the fence this read pairs with).</summary>
    public void Queued()
    {
        if (Volatile.Read(ref sleeping) != 0 && Interlocked.Exchange(ref sleeping, 0) != 0)
        {
            signal.Set();
        }
    }

    public void Wake()
    {
        Interlocked.Exchange(ref asked, 1);
        signal.Set();
    }

    /// <summary>Sleeps until woken or <paramref name="deadline"/> (null: none), unless <paramref name="hasWork"/> says not to.</summary>
    public void Sleep(Func<bool> hasWork, TimeSpan? deadline)
    {
        Interlocked.Exchange(ref sleeping, 1);
        signal.Reset();
        if (!hasWork() && Interlocked.Exchange(ref asked, 0) == 0)
        {
            signal.Wait(deadline ?? Timeout.InfiniteTimeSpan);
            Interlocked.Exchange(ref asked, 0);
        }

        Interlocked.Exchange(ref sleeping, 0);
    }
}
