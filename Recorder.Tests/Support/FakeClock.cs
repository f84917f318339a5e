using Microsoft.Extensions.Time.Testing;

namespace QuantowerRecorder.Tests.Support;

/// <summary>
/// A clock the test moves for everything: the time events are stamped with and every wait the recorder makes on it —
/// a run's settle time and drain limit, the writer's batch delay, retry back-off, WAL upkeep, flush and close budgets.
/// Nothing waits the wall clock: a wait ends when the test moves the clock past it. Time only moves forward. It knows
/// the timers armed on it, so a test can move it to the moment the recorder waits for (<see cref="AdvanceToNextTimer"/>).
/// </summary>
internal sealed class FakeClock(DateTime startUtc) : FakeTimeProvider(new DateTimeOffset(DateTime.SpecifyKind(startUtc, DateTimeKind.Utc)))
{
    private readonly object gate = new();
    private readonly HashSet<Tracked> armed = [];
    private readonly List<Func<bool>> quiet = [];
    private DateTimeOffset? zeroStepAt;

    public DateTime UtcNow => GetUtcNow().UtcDateTime;

    public void Set(DateTime utc) => SetUtcNow(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var tracked = new Tracked(this);
        tracked.Inner = base.CreateTimer(s => tracked.Fire(callback, s), state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        tracked.Change(dueTime, period);
        return tracked;
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

    private sealed class Tracked(FakeClock clock) : ITimer
    {
        public ITimer Inner { get; set; } = null!;

        public DateTimeOffset? Due { get; private set; }

        private TimeSpan period = Timeout.InfiniteTimeSpan;
        private int fired;

        // The inner timer decides when it fires; its moment is read after it is set (the clock only moves forward,
        // so that is never earlier than the inner one), and a firing in between leaves a one-shot timer unarmed.
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            int before;
            lock (clock.gate)
            {
                before = fired;
                this.period = period;
            }

            var changed = Inner.Change(dueTime, period);
            lock (clock.gate)
            {
                var firedMeanwhile = fired != before;
                Due = dueTime == Timeout.InfiniteTimeSpan || (firedMeanwhile && !Periodic) ? null
                    : clock.GetUtcNow() + (firedMeanwhile ? period : dueTime);
                Arm();
            }

            return changed;
        }

        public void Fire(TimerCallback callback, object? state)
        {
            lock (clock.gate)
            {
                fired++;
                Due = Periodic ? clock.GetUtcNow() + period : null;
                Arm();
            }

            callback(state);
        }

        private bool Periodic => period != Timeout.InfiniteTimeSpan && period != TimeSpan.Zero;

        private void Arm()
        {
            if (Due is null)
            {
                clock.armed.Remove(this);
            }
            else
            {
                clock.armed.Add(this);
            }

            Monitor.PulseAll(clock.gate);
        }

        public void Dispose()
        {
            lock (clock.gate)
            {
                Due = null;
                clock.armed.Remove(this);
            }

            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
