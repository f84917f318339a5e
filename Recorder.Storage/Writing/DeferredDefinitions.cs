using System.Globalization;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Strategy and instance definitions held until their run starts (ingest_events.run_id references
/// the run row). At most <c>capacity</c> wait: past it the oldest is quarantined with its reason, so a stream of
/// definitions whose runs never start cannot grow the writer's memory.
/// </summary>
internal sealed class DeferredDefinitions(int capacity)
{
    // Arrival order, oldest first; small (bounded by the capacity), so a lookup by run is a scan.
    private readonly List<Envelope> waiting = [];

    public int Count => waiting.Count;

    public int Capacity { get; } = Math.Max(0, capacity);

    public List<Envelope> For(string runId) => waiting.FindAll(e => e.Event.RunId == runId);

    /// <summary>
    /// At the end of a batch: what would wait beyond the capacity is quarantined in this batch, oldest first (those
    /// from earlier batches before this batch's own).
    /// </summary>
    public void Evict(Batch plan, Quarantine quarantine)
    {
        var kept = waiting.Count(e => !plan.ConsumedPending.Contains(e.Event.RunId));
        var excess = kept + plan.Deferred.Count - Capacity;
        var evicted = waiting.Where(e => !plan.ConsumedPending.Contains(e.Event.RunId)).Take(Math.Max(0, excess)).ToList();
        foreach (var old in evicted)
        {
            plan.Evicted.Add(old);
            plan.Outcome.Resumed++;
            plan.Quarantine(quarantine, old, Reason());
        }

        excess -= evicted.Count;

        while (excess-- > 0 && plan.Deferred.Count > 0)
        {
            plan.Quarantine(quarantine, plan.Deferred[0], Reason());
            plan.Deferred.RemoveAt(0);
        }
    }

    /// <summary>After the batch committed: its deferred definitions wait, the consumed and evicted ones are gone.</summary>
    public void Committed(Batch plan)
    {
        if (plan.ConsumedPending.Count > 0 || plan.Evicted.Count > 0)
        {
            var evicted = plan.Evicted.ToHashSet();
            waiting.RemoveAll(e => plan.ConsumedPending.Contains(e.Event.RunId) || evicted.Contains(e));
        }

        waiting.AddRange(plan.Deferred);
    }

    /// <summary>Takes up to <paramref name="max"/> of the oldest waiting definitions (for close).</summary>
    public List<Envelope> TakeOldest(int max)
    {
        var taken = waiting.GetRange(0, Math.Min(max, waiting.Count));
        waiting.RemoveRange(0, taken.Count);
        return taken;
    }

    /// <summary>Puts back definitions a failed close could not store, ahead of the rest.</summary>
    public void PutBack(List<Envelope> envelopes) => waiting.InsertRange(0, envelopes);

    private string Reason() => string.Create(CultureInfo.InvariantCulture,
        $"waited for its run to start while {Capacity} newer definitions arrived (RecorderOptions.MaxWaitingDefinitions)");
}
