namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// How many handles share one session: several recorders and strategies on one file share its one writer. Once the
/// count reaches zero it stays there, so a handle cannot revive a session that is closing.
/// </summary>
internal sealed class SessionReferences
{
    private readonly object gate = new();
    private int count = 1;

    public bool AddRef()
    {
        lock (gate)
        {
            if (count == 0)
            {
                return false;
            }

            count++;
            return true;
        }
    }

    /// <summary>Drops one reference; true when it was the last one and the session must close.</summary>
    public bool Release()
    {
        lock (gate)
        {
            return count > 0 && --count == 0;
        }
    }
}
