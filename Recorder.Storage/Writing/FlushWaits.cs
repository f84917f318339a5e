namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The flushes waiting on the writer, each for the events recorded before it was called (its target, in the session's
/// count of events received). The batch in hand is awaited only while a flush still waits for events not settled. A
/// flush whose events are written waits for nothing more, though its caller may not have run yet to return: on two busy
/// processors that took milliseconds, and in them every event recorded was written in a batch of its own (an
/// optimisation's next pass, while the last pass's close flushed; about one commit of three).
/// </summary>
internal sealed class FlushWaits
{
    private long target;
    private int waiting;

    /// <summary>A flush begins, waiting for the events up to <paramref name="received"/>.</summary>
    public void Begin(long received)
    {
        Targets.Raise(ref target, received);
        Interlocked.Increment(ref waiting);
    }

    /// <summary>A flush returned (its events written, or its time up).</summary>
    public void End() => Interlocked.Decrement(ref waiting);

    /// <summary>Whether a flush waits for events not <paramref name="settled"/> yet.</summary>
    public bool Awaits(long settled) => Volatile.Read(ref waiting) > 0 && Interlocked.Read(ref target) > settled;
}
