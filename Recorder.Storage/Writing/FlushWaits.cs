namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The flushes waiting on the writer, each for the events recorded before it was called (its target, in the session's
/// count of events received). The batch in hand is awaited only while a flush still waiting has events not settled. A
/// flush whose events are written waits for nothing more, though its caller may not have run yet to return: on two busy
/// processors that took milliseconds, and in them every event recorded was written in a batch of its own (an
/// optimisation's next pass, while the last pass's close flushed; about one commit of three). A flush that returned
/// with its time up leaves no target behind: a later flush for fewer events waits for its own.
/// </summary>
internal sealed class FlushWaits
{
    private readonly object gate = new();

    // The targets of the flushes waiting now (a flush's own, once each); flushes are few, so a list.
    private readonly List<long> targets = [];

    // The highest of them, 0 with none: read on the writer's thread after every batch, without the lock.
    private long highest;

    /// <summary>A flush begins, waiting for the events up to <paramref name="received"/>.</summary>
    public void Begin(long received)
    {
        lock (gate)
        {
            targets.Add(received);
            Volatile.Write(ref highest, Math.Max(Volatile.Read(ref highest), received));
        }
    }

    /// <summary>The flush begun with <paramref name="received"/> returned (its events written, or its time up).</summary>
    public void End(long received)
    {
        lock (gate)
        {
            targets.Remove(received);
            Volatile.Write(ref highest, targets.Count == 0 ? 0 : targets.Max());
        }
    }

    /// <summary>Whether a flush waits for events not <paramref name="settled"/> yet.</summary>
    public bool Awaits(long settled) => Volatile.Read(ref highest) > settled;
}
