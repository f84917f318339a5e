using System.Collections.Concurrent;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The events between the producers and the writer: one queue, within a memory budget (docs/decisions.md, 3).
/// Producers add and never wait, except a backtest event, which waits for room below the capacity. Every event
/// counts its estimated size from the moment it is queued until it is written or journaled; past the budget bars give
/// way (<see cref="GiveWay"/>). Everything else happens on the one consumer, the writer's thread: it takes batches, and
/// while the file cannot be written it spills what waits to the <see cref="EventJournal"/> and reads it back once the
/// file is writable again. Since only the consumer moves events, order is kept by construction:
/// batch in hand, then the journal, then <c>held</c> (events read back or that no journal would take), then the queue.
/// </summary>
internal sealed class EventQueue
{
    private readonly ConcurrentQueue<Envelope> queue = new();
    private readonly WakeSignal wake = new();
    private Queue<Envelope> held = new();
    private readonly EventJournal journal;
    private readonly int capacity;
    private readonly long budget;
    private readonly ConcurrentDictionary<string, long> gaveWay = new(StringComparer.Ordinal);
    private readonly object roomGate = new();
    private long queuedBytes;
    private long count;
    private long overflowed;
    private long journaled;
    private long inHandBytes;
    private int readBackLeft;
    private bool readingBack;
    private int roomWaiters;
    private volatile bool completed;

    public EventQueue(int capacity, long budgetBytes, EventJournal journal)
    {
        this.journal = journal;
        this.capacity = Math.Max(1, capacity);
        budget = Math.Max(1, budgetBytes);
    }

    public long QueuedBytes => Interlocked.Read(ref queuedBytes);

    /// <summary>Live events queued while the queue was past its capacity (they never wait).</summary>
    public long Overflowed => Interlocked.Read(ref overflowed);

    /// <summary>Events now in the journal on disk, not yet read back.</summary>
    public long Journaled => Interlocked.Read(ref journaled);

    /// <summary>Events refused by kind because the budget was spent.</summary>
    public IReadOnlyDictionary<string, long> GaveWay => new Dictionary<string, long>(gaveWay, StringComparer.Ordinal);

    /// <summary>The kind an event would give way as now, or null: decided before it gets a sequence number.</summary>
    /// <param name="e">The event.</param>
    /// <param name="given">How many events of that kind gave way so far, this one included.</param>
    public string? Refuse(RecorderEvent e, out long given)
    {
        given = 0;
        if (e is not (BarRecorded or RunProgress) || GiveWay.Refuse(e, QueuedBytes + EventSize.Estimate(e), budget) is not { } kind)
        {
            return null;
        }

        given = gaveWay.AddOrUpdate(kind, 1, static (_, n) => n + 1);
        return kind;
    }

    /// <summary>Queues an event. Only a backtest event may wait, and only for room below the capacity.</summary>
    public bool Enqueue(Envelope envelope, bool mayWait)
    {
        if (Interlocked.Read(ref count) >= capacity)
        {
            if (!mayWait)
            {
                Interlocked.Increment(ref overflowed);
            }
            else if (!WaitForRoom())
            {
                return false;
            }
        }

        Interlocked.Add(ref queuedBytes, EventSize.Estimate(envelope.Event));
        Interlocked.Increment(ref count);
        queue.Enqueue(envelope);
        wake.Queued();
        return true;
    }

    /// <summary>Wakes the consumer: a flush, a job or the close wants its attention.</summary>
    public void Wake() => wake.Wake();

    /// <summary>The consumer waits for an event or a wake-up, until <paramref name="deadline"/> (null: no deadline).</summary>
    public void WaitForWork(TimeSpan? deadline) => wake.Sleep(() => !queue.IsEmpty || completed, deadline);

    /// <summary>Events read from a journal (this session's, or one left by an earlier process): they go first.</summary>
    public void Restore(IReadOnlyList<Envelope> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        Interlocked.Add(ref queuedBytes, events.Sum(e => EventSize.Estimate(e.Event)));
        held = new Queue<Envelope>(events.Concat(held));
        readBackLeft += events.Count;
        readingBack = true;
    }

    /// <summary>Moves up to <paramref name="max"/> events into the batch, oldest first. True if it took any.</summary>
    public bool TakeAvailable(List<Envelope> into, int max)
    {
        var before = into.Count;
        // A batch holds at most a quarter of the budget, so that most of what waits stays where it can be spilled.
        while (into.Count < max && Room() > 0 && held.TryDequeue(out var envelope))
        {
            readBackLeft = Math.Max(0, readBackLeft - 1);
            Taken(into, envelope);
        }

        var fromQueue = 0;
        while (held.Count == 0 && into.Count < max && Room() > 0 && queue.TryDequeue(out var envelope))
        {
            fromQueue++;
            Taken(into, envelope);
        }

        if (fromQueue > 0)
        {
            Interlocked.Add(ref count, -fromQueue);
            RoomMade();
        }

        return into.Count > before;
    }

    /// <summary>
    /// While the file cannot be written: when the queue is over its budget, everything not in hand goes to the
    /// journal, oldest first. Returns what it did.
    /// </summary>
    public string? SpillIfOverBudget()
    {
        if (QueuedBytes <= budget)
        {
            return null;
        }

        var spill = TakeWaiting();
        if (spill.Count == 0)
        {
            return null;
        }

        if (journal.Append(spill))
        {
            Interlocked.Add(ref queuedBytes, -spill.Sum(e => EventSize.Estimate(e.Event)));
            Interlocked.Add(ref journaled, spill.Count);
            // Events read back and spilled again are safe in the new journal file: the one being read may go.
            readBackLeft = 0;
            return $"memory budget reached: {spill.Count} event(s) written to the journal {journal}";
        }

        // Nowhere to go: they stay in memory, ahead of everything still queued.
        held = new Queue<Envelope>(spill);

        return $"memory budget reached and the journal cannot be written either: {spill.Count} event(s) kept in memory";
    }

    /// <summary>After a successful write: a finished read back is cleaned up, and journaled events come back.</summary>
    public void AfterCommit()
    {
        if (readingBack && readBackLeft == 0)
        {
            readingBack = false;
            journal.DoneReading();
        }

        if (readingBack || Journaled == 0)
        {
            return;
        }

        List<Envelope> events;
        try
        {
            events = journal.TakeBack(out _);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;   // tried again after the next commit
        }

        Interlocked.Exchange(ref journaled, 0);
        Restore(events);
    }

    /// <summary>
    /// At shutdown, when the file still cannot be written: the batch in hand and everything waiting go to the journal,
    /// so the next open writes them. Returns those events and whether the journal took them.
    /// </summary>
    public (IReadOnlyList<Envelope> Events, bool Kept) SpillAll(IReadOnlyList<Envelope> inHand)
    {
        var waiting = TakeWaiting();
        List<Envelope> all = [.. inHand, .. waiting];
        if (!journal.Append(all))
        {
            return (all, false);
        }

        Interlocked.Add(ref queuedBytes, -waiting.Sum(e => EventSize.Estimate(e.Event)));
        Interlocked.Add(ref journaled, all.Count);
        return (all, true);
    }

    /// <summary>No more events: waiting producers and the consumer are let go.</summary>
    public void Complete()
    {
        completed = true;
        wake.Wake();
        lock (roomGate)
        {
            Monitor.PulseAll(roomGate);
        }
    }

    /// <summary>The batch in hand is written (or kept in the journal): its memory is free again.</summary>
    public void Released()
    {
        Interlocked.Add(ref queuedBytes, -inHandBytes);
        inHandBytes = 0;
    }

    private bool WaitForRoom()
    {
        // Back-pressure slows a simulation down instead of letting memory grow (decision 3). The consumer pulses only
        // when someone waits; both sides publish with a full fence before they look at the other's count.
        lock (roomGate)
        {
            Interlocked.Increment(ref roomWaiters);
            try
            {
                while (Interlocked.Read(ref count) >= capacity && !completed)
                {
                    Monitor.Wait(roomGate);
                }

                return !completed;
            }
            finally
            {
                Interlocked.Decrement(ref roomWaiters);
            }
        }
    }

    private void RoomMade()
    {
        if (Volatile.Read(ref roomWaiters) != 0)
        {
            lock (roomGate)
            {
                Monitor.PulseAll(roomGate);
            }
        }
    }

    private List<Envelope> TakeWaiting()
    {
        List<Envelope> waiting = [.. held];
        held.Clear();
        var fromQueue = 0;
        while (queue.TryDequeue(out var envelope))
        {
            waiting.Add(envelope);
            fromQueue++;
        }

        Interlocked.Add(ref count, -fromQueue);
        RoomMade();
        return waiting;
    }

    private long Room() => budget / 4 - inHandBytes;

    // Taken events still count against the budget until the batch is released: they are in memory until written.
    private void Taken(List<Envelope> into, Envelope envelope)
    {
        into.Add(envelope);
        inHandBytes += EventSize.Estimate(envelope.Event);
    }
}
