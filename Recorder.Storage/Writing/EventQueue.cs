using System.Collections.Concurrent;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The one queue between the producers (Quantower's threads) and the writer's loop, within a memory budget
/// (docs/decisions.md, 3). Producers only add: a live event never waits (past the capacity it is counted as
/// overflowed), a backtest event waits for room below the capacity. Every event counts its estimated size until it is
/// written or spilled, the batch in the writer's hand included; past the budget bars give way before they are
/// queued: forming-bar updates and progress reports from three quarters of it, closed bars at all of it. A producer that
/// may wait (a backtest, an import) never gives way: it waits for those bytes to be written instead, so what a file
/// holds after an import or a backtest never depends on how fast its writer was. Trading events never give way: the
/// writer spills them to its spill file. One consumer, the writer's thread, takes and sleeps here.
/// </summary>
internal sealed class EventQueue(int capacity, long budgetBytes)
{
    public const string FormingBar = "forming bar";
    public const string ClosedBar = "closed bar";
    public const string Progress = "progress";

    private readonly ConcurrentQueue<Envelope> queue = new();
    private readonly ConcurrentDictionary<string, long> gaveWay = new(StringComparer.Ordinal);
    // No spinning before the writer blocks: it sleeps until a batch is due or someone wakes it, and on a machine of two
    // cores a writer spinning for its next batch takes the processor from the strategy's thread that fills it. A kernel
    // event, not ManualResetEventSlim: even without its own spin, that one's monitor spins to take its lock back on
    // every wake (a thread-time profile of the backtest benchmark: ~230 ms of the writer's CPU in a 100,000-bar run
    // with the slim event's spin, ~100 ms without it, in Monitor.Wait).
    private readonly ManualResetEvent signal = new(false);
    private readonly object roomGate = new();
    private readonly int capacity = Math.Max(1, capacity);
    private long queuedBytes;
    private long count;
    private long overflowed;
    private int roomWaiters;
    private long roomWaits;
    private long roomWaitTicks;
    // The writer's sleep: Awake, Asleep (lying down or waiting, nothing has woken it), Woken (something has, and it is
    // not back from Sleep yet). One field, so a producer's claim of the wake is one compare-exchange.
    private int sleep;
    private const int Awake = 0, Asleep = 1, WokenUp = 2;
    private long wakeAtCount = 1;
    private long wakeAtBytes = long.MaxValue;
    private bool wakeAtOtherSource;

    // Queued events of a source other than a backtest: what wakes a writer waiting out a backtest batch's delay.
    private long otherQueued;
    private int asked;
    private volatile bool completed;

    /// <summary>The memory budget, in estimated bytes.</summary>
    public long Budget { get; } = Math.Max(1, budgetBytes);

    /// <summary>Events queued and not yet taken by the writer.</summary>
    public long Count => Interlocked.Read(ref count);

    /// <summary>Estimated bytes of every event not yet written or spilled, the writer's batch in hand included.</summary>
    public long QueuedBytes => Interlocked.Read(ref queuedBytes);

    /// <summary>Live events queued while the queue was past its capacity (they never wait).</summary>
    public long Overflowed => Interlocked.Read(ref overflowed);

    /// <summary>How often, and for how long in all (Stopwatch ticks), a backtest's producer waited for room.</summary>
    public (long Count, long Ticks) RoomWaits => (Interlocked.Read(ref roomWaits), Interlocked.Read(ref roomWaitTicks));

    /// <summary>Events refused, by kind, because the budget was spent.</summary>
    public IReadOnlyDictionary<string, long> GaveWay => new Dictionary<string, long>(gaveWay, StringComparer.Ordinal);

    public bool IsEmpty => queue.IsEmpty;

    /// <summary>Whether a producer waits for room (in the queue's count or in the budget) right now.</summary>
    public bool HasWaiters => Volatile.Read(ref roomWaiters) != 0;

    /// <summary>
    /// The kind under which an event gives way now, or null when it is queued: decided before it gets a sequence.
    /// <paramref name="given"/> is how many of that kind gave way so far, this one included. A producer that
    /// <paramref name="mayWait"/> waits here until the event's bytes fit below the mark where it would give way.
    /// </summary>
    public string? Refuse(RecorderEvent e, bool mayWait, out long given)
    {
        given = 0;
        if (e is not (BarRecorded or RunProgress))
        {
            return null;
        }

        var size = EventSize.Estimate(e);
        var (kind, mark) = e switch
        {
            BarRecorded { IsClosed: true } => (ClosedBar, Budget),
            BarRecorded => (FormingBar, Budget / 4 * 3),
            _ => (Progress, Budget / 4 * 3),
        };
        if (QueuedBytes + size <= mark)
        {
            return null;
        }

        if (mayWait)
        {
            WaitForBytes(size, mark);
            return null;
        }

        given = gaveWay.AddOrUpdate(kind, 1, static (_, n) => n + 1);
        return kind;
    }

    /// <summary>
    /// Whether the count of a kind that gave way is said in the log: at the 1st, 10th, 100th… so a long episode stays
    /// readable; the rest costs the producer one division loop.
    /// </summary>
    public static bool WorthSaying(long given)
    {
        while (given >= 10 && given % 10 == 0)
        {
            given /= 10;
        }

        return given == 1;
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

        var bytes = Interlocked.Add(ref queuedBytes, EventSize.Estimate(envelope.Event));
        var other = !Backtest(envelope);
        if (other)
        {
            Interlocked.Increment(ref otherQueued);
        }

        var queued = Interlocked.Increment(ref count);
        queue.Enqueue(envelope);
        // The count's write is the fence this read pairs with (Sleep writes its state, then reads the count): the writer is
        // woken only when it sleeps, and only once the queue holds what it sleeps for.
        if (Volatile.Read(ref sleep) == Asleep
            && (queued >= Volatile.Read(ref wakeAtCount) || bytes >= Volatile.Read(ref wakeAtBytes) || (other && Volatile.Read(ref wakeAtOtherSource)))
            && Interlocked.CompareExchange(ref sleep, WokenUp, Asleep) == Asleep)
        {
            signal.Set();
        }

        return true;
    }

    /// <summary>A backtest's event: a batch of only these may wait RecorderOptions.BacktestBatchDelay; any other wakes it.</summary>
    public static bool Backtest(Envelope envelope) => envelope.Event.Source == RunSource.Backtest;

    /// <summary>Moves up to <paramref name="max"/> events into the batch, oldest first, within <paramref name="maxBytes"/> in hand.</summary>
    public int Take(List<Envelope> into, int max, ref long handBytes, long maxBytes)
    {
        var taken = 0;
        var others = 0;
        while (into.Count < max && handBytes < maxBytes && queue.TryDequeue(out var envelope))
        {
            into.Add(envelope);
            handBytes += EventSize.Estimate(envelope.Event);
            taken++;
            others += Backtest(envelope) ? 0 : 1;
        }

        Taken(taken, others);
        return taken;
    }

    /// <summary>Everything queued, oldest first (the writer spills it to its spill file).</summary>
    public List<Envelope> TakeAll()
    {
        var all = new List<Envelope>();
        var others = 0;
        while (queue.TryDequeue(out var envelope))
        {
            all.Add(envelope);
            others += Backtest(envelope) ? 0 : 1;
        }

        Taken(all.Count, others);
        return all;
    }

    /// <summary>Bytes that came into the writer's hand from elsewhere (its spill file): they count until released.</summary>
    public void Hold(long bytes) => Interlocked.Add(ref queuedBytes, bytes);

    /// <summary>Written or spilled: their memory is free again, and a producer waiting for it may go on.</summary>
    public void Release(long bytes)
    {
        Interlocked.Add(ref queuedBytes, -bytes);
        if (Volatile.Read(ref roomWaiters) != 0)
        {
            lock (roomGate)
            {
                Monitor.PulseAll(roomGate);
            }
        }
    }

    /// <summary>Wakes the writer: a flush, a job, a timer or the close wants its attention.</summary>
    public void Wake()
    {
        Interlocked.Exchange(ref asked, 1);
        Interlocked.CompareExchange(ref sleep, WokenUp, Asleep);
        signal.Set();
    }

    /// <summary>
    /// The writer sleeps until the queue holds <paramref name="events"/> events or its estimated bytes (the batch in
    /// hand included) reach <paramref name="bytes"/>, or <see cref="Wake"/> is called (a wake-up asked for just before
    /// it lies down is not lost), unless <paramref name="busy"/> says it has work. Idle, one event wakes it; while a
    /// batch waits out its delay, only what fills the batch does, so a fast producer does not wake it for every event.
    /// The count is capped at the capacity, where a backtest's producer waits for room. With
    /// <paramref name="otherSource"/> (a batch of backtest events waits out its longer delay) an event of any other source
    /// queued, or queued before it lies down, wakes it too. No timer wakes it by itself: whoever owns a deadline arms a
    /// timer that calls <see cref="Wake"/>.
    /// </summary>
    public void Sleep(Func<bool> busy, long events = 1, long bytes = long.MaxValue, bool otherSource = false)
    {
        var wakeAt = Math.Clamp(events, 1, capacity);
        Volatile.Write(ref wakeAtCount, wakeAt);
        Volatile.Write(ref wakeAtBytes, bytes);
        Volatile.Write(ref wakeAtOtherSource, otherSource);
        Interlocked.Exchange(ref sleep, Asleep);
        signal.Reset();
        if (Interlocked.Read(ref count) < wakeAt && QueuedBytes < bytes && !(otherSource && Interlocked.Read(ref otherQueued) > 0)
            && !completed && !busy() && Interlocked.Exchange(ref asked, 0) == 0)
        {
            signal.WaitOne();
        }

        Interlocked.Exchange(ref asked, 0);
        Interlocked.Exchange(ref sleep, Awake);
    }

    /// <summary>True while the writer sleeps and nothing has woken it yet.</summary>
    public bool Sleeping => Volatile.Read(ref sleep) == Asleep;

    /// <summary>
    /// True from the moment something wakes the sleeping writer until it is back from <see cref="Sleep"/>: it is about to
    /// work, though its thread may not have run yet (a test's clock must not take it for resting).
    /// </summary>
    public bool Woken => Volatile.Read(ref sleep) == WokenUp;

    /// <summary>No more events: waiting producers and the writer are let go.</summary>
    public void Complete()
    {
        completed = true;
        Wake();
        lock (roomGate)
        {
            Monitor.PulseAll(roomGate);
        }
    }

    // Events left the queue for the writer's hand, <paramref name="others"/> of them of a source other than a backtest.
    private void Taken(int taken, int others)
    {
        if (taken == 0)
        {
            return;
        }

        if (others > 0)
        {
            Interlocked.Add(ref otherQueued, -others);
        }

        Interlocked.Add(ref count, -taken);
        if (Volatile.Read(ref roomWaiters) != 0)
        {
            lock (roomGate)
            {
                Monitor.PulseAll(roomGate);
            }
        }
    }

    // Until the queue's bytes and the event's fit below the mark, while anything is queued or in the writer's hand to be
    // written: an event larger than the mark by itself goes as soon as the queue is empty. The writer is woken first, so
    // that a batch waiting out its delay is written now instead of when its timer fires.
    private void WaitForBytes(long size, long mark)
    {
        Wake();
        WaitWhile(() => QueuedBytes is var queued && queued > 0 && queued + size > mark);
    }

    // Back-pressure slows a simulation down instead of letting memory grow (decision 3).
    private bool WaitForRoom()
    {
        WaitWhile(() => Interlocked.Read(ref count) >= capacity);
        return !completed;
    }

    // A producer waits while the queue is `full` and not completed, counted with the time it waited. The writer pulses
    // only when someone waits; both sides publish with a full fence before they look at the other's count.
    private void WaitWhile(Func<bool> full)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        lock (roomGate)
        {
            Interlocked.Increment(ref roomWaiters);
            try
            {
                while (full() && !completed)
                {
                    Monitor.Wait(roomGate);
                }
            }
            finally
            {
                Interlocked.Decrement(ref roomWaiters);
                Interlocked.Increment(ref roomWaits);
                Interlocked.Add(ref roomWaitTicks, System.Diagnostics.Stopwatch.GetTimestamp() - started);
            }
        }
    }
}
