using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace QuantowerRecorder.Tests.Support;

/// <summary>
/// A clock the test moves for everything: the time events are stamped with and every wait the recorder makes on it —
/// a run's settle time and drain limit, the writer's batch delay, retry back-off, WAL upkeep, flush and close budgets.
/// Nothing waits the wall clock: a wait ends when the test moves the clock past it. Time only moves forward. It knows
/// the timers armed on it, so a test can move it to the moment the recorder waits for (<see cref="AdvanceToNextTimer"/>),
/// which thread armed each (<see cref="Waits"/>), and the writers' threads that call it, to see them rest
/// (<see cref="WritersRest"/>).
/// </summary>
internal sealed partial class FakeClock(DateTime startUtc) : FakeTimeProvider(new DateTimeOffset(DateTime.SpecifyKind(startUtc, DateTimeKind.Utc)))
{
    private readonly object gate = new();
    private readonly HashSet<Tracked> armed = [];
    private readonly List<Func<bool>> quiet = [];
    private readonly List<Thread> inCallbacks = [];
    private DateTimeOffset? zeroStepAt;


    public DateTime UtcNow => GetUtcNow().UtcDateTime;

    public override DateTimeOffset GetUtcNow()
    {
        var writer = Entering();
        try
        {
            return base.GetUtcNow();
        }
        finally
        {
            Left(writer, armed: false);
        }
    }

    public override long GetTimestamp()
    {
        var writer = Entering();
        try
        {
            return base.GetTimestamp();
        }
        finally
        {
            Left(writer, armed: false);
        }
    }

    /// <summary>
    /// Moves the clock by <paramref name="delta"/> and returns once every timer that came due has fired and its callback
    /// has returned, whichever thread ran it. FakeTimeProvider fires due timers on the thread that is waking them, and
    /// only one thread does at a time: when another one is at it (a writer arming its alarm), Advance returns at once and
    /// the callbacks run later on that thread, at whatever time the clock shows by then. A run's drain timer due at +50 ms
    /// would then decide the end at +200 ms, after three more steps of a test that moves the clock while the run drains.
    /// </summary>
    public new void Advance(TimeSpan delta)
    {
        base.Advance(delta);
        lock (gate)
        {
            var giveUp = DateTime.UtcNow + FiringBound;
            while (Firing(out var stale))
            {
                var left = giveUp - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    // A test's safety net, never its pace: a timer whose firing was missed between two of its changes
                    // is dropped (it is armed again the next time it is changed), as AdvanceToNextTimer does.
                    TestContext.Progress.WriteLine($"FakeClock: {stale} timer(s) due by {GetUtcNow():O} did not fire within {FiringBound.TotalSeconds} s");
                    var now = GetUtcNow();
                    armed.RemoveWhere(t => t.Due <= now);
                    break;
                }

                waitingAdvances++;
                Monitor.Wait(gate, left);
                waitingAdvances--;
            }
        }
    }

    /// <summary>True while an <see cref="Advance"/> waits for timers that came due to fire on another thread.</summary>
    public bool AdvanceWaits
    {
        get
        {
            lock (gate)
            {
                return waitingAdvances > 0;
            }
        }
    }

    private int waitingAdvances;

    private static readonly TimeSpan FiringBound = TimeSpan.FromSeconds(5);

    // Under the gate: a callback running on another thread, or a timer due and not fired yet (another thread is waking
    // the timers). A callback on this thread is the caller's own (a callback that moves the clock).
    private bool Firing(out int due)
    {
        var now = GetUtcNow();
        due = armed.Count(t => t.Due <= now);
        var current = Thread.CurrentThread;
        return due > 0 || inCallbacks.Exists(t => !ReferenceEquals(t, current));
    }

    public void Set(DateTime utc) => SetUtcNow(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var writer = Entering();
        try
        {
            var tracked = new Tracked(this);
            tracked.Inner = base.CreateTimer(s => tracked.Fire(callback, s), state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            tracked.Change(dueTime, period);
            return tracked;
        }
        finally
        {
            Left(writer, armed: true);
        }
    }

    /// <summary>
    /// True while every writer's thread that called this clock rests, or has ended. A writer arms a timer on its clock
    /// before each rest (its alarm before it sleeps until the alarm or an event, a retry's delay before it backs off): it
    /// rests while it waits with that arming its last call on the clock, and was not woken since by the timer firing or
    /// being cut short (the close cancelling a back-off). A wait after any other call is work: the driver waiting out a
    /// busy file (Microsoft.Data.Sqlite sleeps between its tries) or a lock taken for a moment.
    /// </summary>
    public bool WritersRest() => writers.All(w => w.Value.Rests(w.Key));

    /// <summary>True while <paramref name="thread"/> waits on this clock: a timer it armed is due (a flush's or close's budget).</summary>
    public bool Waits(Thread thread)
    {
        lock (gate)
        {
            return armed.Any(t => ReferenceEquals(t.Owner, thread));
        }
    }

    /// <summary>True while <paramref name="thread"/> waits on a timer of this clock due within <paramref name="within"/> from now.</summary>
    public bool Waits(Thread thread, TimeSpan within)
    {
        lock (gate)
        {
            var now = GetUtcNow();
            return armed.Any(t => ReferenceEquals(t.Owner, thread) && t.Due is { } due && due - now <= within);
        }
    }

    /// <summary>
    /// <see cref="AdvanceToNextTimer"/> moves the clock only while <paramref name="condition"/> holds (a writer that
    /// rests: asleep or backing off), so that no budget armed on the clock runs out while real work is under way.
    /// </summary>
    public void MoveOnlyWhen(Func<bool> condition)
    {
        lock (gate)
        {
            quiet.Add(condition);
        }
    }

    /// <summary>
    /// Waits until a timer is armed to fire within <paramref name="within"/> from now, or <paramref name="done"/> holds,
    /// then moves the clock to that timer's moment (it fires). False when nothing was armed within
    /// <paramref name="realBound"/> of real time (a test's safety net, never its pace) or <paramref name="done"/> held.
    /// With <paramref name="ready"/>, the clock moves only while it holds too (the call under test waits on the clock).
    /// </summary>
    public bool AdvanceToNextTimer(TimeSpan within, Func<bool> done, TimeSpan realBound, Func<bool>? ready = null)
    {
        var giveUp = DateTime.UtcNow + realBound;
        TimeSpan step;
        lock (gate)
        {
            while (true)
            {
                if (done())
                {
                    return false;
                }

                var now = GetUtcNow();
                var next = armed.Where(t => t.Due is { } due && due - now <= within).Select(t => t.Due!.Value).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
                if (next <= now && zeroStepAt == now)
                {
                    // Moved to this moment already and still due: its firing was missed between two of its
                    // changes. It is dropped; it is armed again the next time it is changed.
                    armed.RemoveWhere(t => t.Due <= now);
                    continue;
                }

                var resting = quiet.TrueForAll(q => q()) && (ready is null || ready());
                if (next != DateTimeOffset.MaxValue && resting)
                {
                    zeroStepAt = next <= now ? now : null;
                    step = next > now ? next - now : TimeSpan.Zero;
                    break;
                }

                var left = giveUp - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    return false;
                }

                // Work under way is not signalled to the clock: it is looked at again shortly, never moved past.
                Monitor.Wait(gate, resting ? left : TimeSpan.FromMilliseconds(1));
            }
        }

        Advance(step);
        return true;
    }

    /// <summary>Wakes <see cref="AdvanceToNextTimer"/> to look at its condition again (something it waits for happened).</summary>
    public void Pulse()
    {
        lock (gate)
        {
            Monitor.PulseAll(gate);
        }
    }
}
