using System.Collections.Concurrent;
using System.Threading.Channels;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The events between the producers and the writer, within a memory budget (docs/decisions.md, 3).
/// A bounded channel first; a live event that finds it full goes to an overflow list (the platform's thread never
/// waits), a backtest event waits for room. When the queue's estimated size passes the budget, bars give way
/// (<see cref="GiveWay"/>) and the writer spills the overflow's events to the <see cref="EventJournal"/>, reading
/// them back once the file is writable again. The writer takes events oldest first: channel, journal read back,
/// events a spill could not place, overflow — so each producer's events keep their order.
/// </summary>
internal sealed class EventQueue
{
    private readonly Channel<Envelope> channel;
    private readonly Backlog backlog = new();
    private readonly EventJournal journal;
    private readonly long budget;
    private readonly ConcurrentDictionary<string, long> gaveWay = new(StringComparer.Ordinal);
    private long queuedBytes;
    private long overflowed;
    private long journaled;
    private long inHandBytes;

    public EventQueue(int capacity, long budgetBytes, EventJournal journal)
    {
        this.journal = journal;
        budget = Math.Max(1, budgetBytes);
        channel = Channel.CreateBounded<Envelope>(new BoundedChannelOptions(Math.Max(1, capacity))
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public long QueuedBytes => Interlocked.Read(ref queuedBytes);

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

    /// <summary>Queues an event. Only a backtest event may wait, and only for room in the channel.</summary>
    public bool Enqueue(Envelope envelope, bool mayWait)
    {
        Interlocked.Add(ref queuedBytes, EventSize.Estimate(envelope.Event));
        if (!backlog.Active && channel.Writer.TryWrite(envelope))
        {
            return true;
        }

        if (mayWait && !backlog.Active)
        {
            // Back-pressure slows a simulation down instead of letting memory grow (decision 3).
            while (!channel.Writer.TryWrite(envelope))
            {
                if (!channel.Writer.WaitToWriteAsync().AsTask().GetAwaiter().GetResult())
                {
                    Interlocked.Add(ref queuedBytes, -EventSize.Estimate(envelope.Event));
                    return false;
                }
            }

            return true;
        }

        // Everything after the first overflowed event goes to the overflow list too, until the writer has caught up,
        // which keeps each thread's events in order.
        backlog.AddOverflow(envelope);
        Interlocked.Increment(ref overflowed);
        return true;
    }

    /// <summary>Re-queues events read from a journal left by an earlier process: they go before everything else.</summary>
    public void Restore(IEnumerable<Envelope> events) => ReadBack(events);

    /// <summary>Moves up to <paramref name="max"/> events into the batch, oldest first. True if it took any.</summary>
    public bool TakeAvailable(List<Envelope> into, int max)
    {
        var before = into.Count;
        // A batch holds at most a quarter of the budget, so that most of what waits stays where it can be spilled.
        while (into.Count < max && Room() > 0 && channel.Reader.TryRead(out var envelope))
        {
            Taken(into, envelope);
        }

        if (into.Count < max && backlog.Active)
        {
            backlog.TakeInto(into, max, () => Room() > 0, e => Taken(into, e), Journaled == 0,
                () => !channel.Reader.TryPeek(out _));
        }

        return into.Count > before;
    }

    public void WaitForData(TimeSpan timeout, CancellationToken token)
    {
        try
        {
            channel.Reader.WaitToReadAsync(token).AsTask().Wait(timeout, token);
        }
        catch (Exception ex) when (ex is AggregateException or OperationCanceledException)
        {
            // Cancelled for shutdown: the loop checks the flag.
        }
    }

    /// <summary>
    /// On the writer's thread, while the file cannot be written: when the queue is over its budget, the overflow's
    /// events (and any a previous spill could not place) go to the journal, oldest first. Returns what it did.
    /// </summary>
    public string? SpillIfOverBudget()
    {
        if (QueuedBytes <= budget)
        {
            return null;
        }

        var spill = backlog.TakeSpillable();
        if (spill.Count == 0)
        {
            return null;
        }

        // The file work happens outside the lock: producers only ever wait for a list operation.
        if (journal.Append(spill))
        {
            Interlocked.Add(ref queuedBytes, -spill.Sum(e => EventSize.Estimate(e.Event)));
            Interlocked.Add(ref journaled, spill.Count);
            return $"memory budget reached: {spill.Count} event(s) written to the journal {journal}";
        }

        backlog.KeepUnplaced(spill);

        return $"memory budget reached and the journal cannot be written either: {spill.Count} event(s) kept in memory";
    }

    /// <summary>After a successful write: journaled events come back, and a finished read back is cleaned up.</summary>
    public void AfterCommit()
    {
        if (backlog.FinishReadBack())
        {
            journal.DoneReading();
        }

        if (backlog.ReadingBack || Journaled == 0)
        {
            return;
        }

        // Read outside the lock (file work); the overflow waits behind Journaled > 0 meanwhile.
        List<Envelope> events;
        try
        {
            events = journal.TakeBack(out _);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;   // tried again after the next commit
        }

        ReadBack(events);
        Interlocked.Exchange(ref journaled, 0);
    }

    /// <summary>
    /// At shutdown, when the file still cannot be written: the batch in hand and everything queued go to the journal,
    /// so the next open writes them. Returns how many were kept there (0 if the journal cannot be written either).
    /// </summary>
    public int SpillAll(IReadOnlyList<Envelope> inHand)
    {
        var queued = backlog.TakeAll(() =>
        {
            var drained = new List<Envelope>();
            while (channel.Reader.TryRead(out var envelope))
            {
                drained.Add(envelope);
            }

            return drained;
        });

        if (!journal.Append([.. inHand, .. queued]))
        {
            return 0;
        }

        Interlocked.Add(ref queuedBytes, -queued.Sum(e => EventSize.Estimate(e.Event)));
        Interlocked.Add(ref journaled, inHand.Count + queued.Count);
        return inHand.Count + queued.Count;
    }

    public void Complete() => channel.Writer.TryComplete();

    /// <summary>The batch in hand is written (or kept in the journal): its memory is free again.</summary>
    public void Released()
    {
        Interlocked.Add(ref queuedBytes, -inHandBytes);
        inHandBytes = 0;
    }

    private long Room() => budget / 4 - inHandBytes;

    private void ReadBack(IEnumerable<Envelope> events)
    {
        var list = events as IReadOnlyCollection<Envelope> ?? events.ToList();
        foreach (var e in list)
        {
            Interlocked.Add(ref queuedBytes, EventSize.Estimate(e.Event));
        }

        backlog.AddReadBack(list);
    }

    // Taken events still count against the budget until the batch is released: they are in memory until written.
    private void Taken(List<Envelope> into, Envelope envelope)
    {
        into.Add(envelope);
        inHandBytes += EventSize.Estimate(envelope.Event);
    }
}
