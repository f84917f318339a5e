namespace QuantowerRecorder.Tests.Support;

/// <summary>A timer of the clock that knows its moment and the thread that armed it (<see cref="AdvanceToNextTimer"/>).</summary>
internal sealed partial class FakeClock
{
    private sealed class Tracked(FakeClock clock) : ITimer
    {
        public ITimer Inner { get; set; } = null!;

        public DateTimeOffset? Due { get; private set; }

        /// <summary>The thread that armed it last.</summary>
        public Thread? Owner { get; private set; }

        private TimeSpan period = Timeout.InfiniteTimeSpan;
        private int fired;

        // The inner timer decides when it fires; its moment is read after it is set (the clock only moves forward,
        // so that is never earlier than the inner one), and a firing in between leaves a one-shot timer unarmed.
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var writer = clock.Entering();
            try
            {
                int before;
                lock (clock.gate)
                {
                    before = fired;
                    this.period = period;
                    Owner = Thread.CurrentThread;
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
            finally
            {
                Left(writer, armed: true);
            }
        }

        public void Fire(TimerCallback callback, object? state)
        {
            lock (clock.gate)
            {
                fired++;
                Due = Periodic ? clock.GetUtcNow() + period : null;
                Arm();
                clock.Woke(Owner);
                clock.inCallbacks.Add(Thread.CurrentThread);
            }

            try
            {
                callback(state);
            }
            finally
            {
                lock (clock.gate)
                {
                    clock.inCallbacks.Remove(Thread.CurrentThread);
                    Monitor.PulseAll(clock.gate);
                }
            }
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
            var writer = clock.Entering();
            try
            {
                lock (clock.gate)
                {
                    // Cut short by another thread (a close cancelling a writer's back-off): its owner is woken.
                    if (Due is not null && !ReferenceEquals(Owner, Thread.CurrentThread))
                    {
                        clock.Woke(Owner);
                    }

                    Due = null;
                    clock.armed.Remove(this);
                }

                Inner.Dispose();
            }
            finally
            {
                Left(writer, armed: null);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
