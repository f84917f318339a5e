namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The events of an <see cref="EventQueue"/> that are not in its channel, under one lock: live events that found the
/// channel full (and every later one, to keep each producer's order), events a spill to the journal could not place,
/// and events read back from the journal. Producers only ever wait here for a list operation.
/// </summary>
internal sealed class Backlog
{
    private readonly object gate = new();
    private readonly Queue<Envelope> overflow = new();
    private readonly List<Envelope> unspilled = [];
    private readonly Queue<Envelope> readBack = new();
    private volatile bool active;
    private bool readingBack;

    /// <summary>While true, producers must add here rather than to the channel, or a later event could pass an earlier one.</summary>
    public bool Active => active;

    /// <summary>Events from the journal are being written (writer's thread only).</summary>
    public bool ReadingBack => readingBack;

    public void AddOverflow(Envelope envelope)
    {
        lock (gate)
        {
            overflow.Enqueue(envelope);
            active = true;
        }
    }

    /// <summary>Events read from the journal: they go before everything else.</summary>
    public void AddReadBack(IEnumerable<Envelope> events)
    {
        lock (gate)
        {
            foreach (var e in events)
            {
                readBack.Enqueue(e);
            }

            readingBack = readBack.Count > 0;
            active |= readingBack;
        }
    }

    /// <summary>
    /// Moves events into the batch, oldest first: read back, then unplaced, then (only when nothing is left in the
    /// journal) the overflow. Ends the overflow mode once nothing older waits anywhere.
    /// </summary>
    public void TakeInto(List<Envelope> into, int max, Func<bool> hasRoom, Action<Envelope> take, bool journalEmpty,
        Func<bool> channelEmpty)
    {
        lock (gate)
        {
            while (into.Count < max && hasRoom() && readBack.TryDequeue(out var envelope))
            {
                take(envelope);
            }

            if (readBack.Count == 0 && unspilled.Count > 0)
            {
                var count = Math.Min(max - into.Count, unspilled.Count);
                foreach (var envelope in unspilled.GetRange(0, count))
                {
                    take(envelope);
                }

                unspilled.RemoveRange(0, count);
            }

            // Journaled events not read back yet are older than the overflow's: they go first.
            while (readBack.Count == 0 && unspilled.Count == 0 && journalEmpty && into.Count < max && hasRoom() &&
                   overflow.TryDequeue(out var envelope))
            {
                take(envelope);
            }

            if (overflow.Count == 0 && readBack.Count == 0 && unspilled.Count == 0 && !readingBack && journalEmpty &&
                channelEmpty())
            {
                active = false;
            }
        }
    }

    /// <summary>What may go to the journal now: the unplaced events and the overflow, oldest first.</summary>
    public List<Envelope> TakeSpillable()
    {
        lock (gate)
        {
            List<Envelope> spill = [.. unspilled, .. overflow];
            unspilled.Clear();
            overflow.Clear();
            return spill;
        }
    }

    /// <summary>A spill that found nowhere to go: its events stay in memory, ahead of what arrived meanwhile.</summary>
    public void KeepUnplaced(List<Envelope> spill)
    {
        lock (gate)
        {
            unspilled.AddRange(spill);
            unspilled.AddRange(overflow);
            overflow.Clear();
        }
    }

    /// <summary>True when the events read back are all taken; the read back is then over.</summary>
    public bool FinishReadBack()
    {
        lock (gate)
        {
            if (!readingBack || readBack.Count > 0)
            {
                return false;
            }

            readingBack = false;
            return true;
        }
    }

    /// <summary>At shutdown: the channel's events and all spillable ones, oldest first.</summary>
    public List<Envelope> TakeAll(Func<List<Envelope>> drainChannel)
    {
        lock (gate)
        {
            var all = drainChannel();
            all.AddRange(unspilled);
            all.AddRange(overflow);
            unspilled.Clear();
            overflow.Clear();
            return all;
        }
    }
}
