using System.Collections.Concurrent;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Tests.Support;

/// <summary>The writers' threads that call the clock, and whether each rests (<see cref="WritersRest"/>).</summary>
internal sealed partial class FakeClock
{
    // The writers' threads that called the clock (the recorder names them), each with whether it is in a call on the
    // clock now, whether its last call armed a timer, and whether a timer it armed fired or was cut short since.
    private readonly ConcurrentDictionary<Thread, WriterThread> writers = new();

    // A writer's thread entering a call on the clock: known from then on, and neither resting nor woken while in it.
    private WriterThread? Entering()
    {
        var thread = Thread.CurrentThread;
        if (thread.Name != Writer.ThreadName)
        {
            return null;
        }

        var writer = writers.GetOrAdd(thread, static _ => new WriterThread());
        Interlocked.Increment(ref writer.InCall);
        Volatile.Write(ref writer.Woken, false);
        return writer;
    }

    // The call on the clock is over; the outermost one says whether it armed a timer (null: a timer disposed, neither).
    // Only the writer's own thread changes its count: said before the count drops, so no look sees the call over and
    // an arming from before it.
    private static void Left(WriterThread? writer, bool? armed)
    {
        if (writer is null)
        {
            return;
        }

        if (Volatile.Read(ref writer.InCall) == 1 && armed is { } arming)
        {
            Volatile.Write(ref writer.Armed, arming);
        }

        Interlocked.Decrement(ref writer.InCall);
    }

    private void Woke(Thread? owner)
    {
        if (owner is not null && writers.TryGetValue(owner, out var writer))
        {
            Volatile.Write(ref writer.Woken, true);
        }
    }

    private sealed class WriterThread
    {
        public int InCall;
        public bool Armed;
        public bool Woken;

        public bool Rests(Thread thread)
        {
            var state = thread.ThreadState;
            return (state & ThreadState.Stopped) != 0
                || ((state & ThreadState.WaitSleepJoin) != 0 && Volatile.Read(ref InCall) == 0 && Volatile.Read(ref Armed)
                    && !Volatile.Read(ref Woken));
        }
    }
}
