using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using NUnit.Framework;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Tests.Support;

/// <summary>
/// Tests of a writer on a <see cref="FakeClock"/>: what it waits for on the clock (its batch delay, a retry's back-off,
/// the WAL's upkeep) comes when the test moves the clock there, never by the wall clock.
/// </summary>
internal static class WriterClock
{
    /// <summary>
    /// The longest wait a test lets come by moving the clock: the writer's own waits (batch delay, retry back-off up to
    /// RetryMaxDelay's default, the WAL's upkeep) are within it; a flush's or close's budget longer than it is never
    /// cut short by the moves, one within it comes.
    /// </summary>
    public static readonly TimeSpan Waits = new RecorderOptions().RetryMaxDelay;

    /// <summary>A budget no test's moves of the clock reach: a flush or close that uses it is never cut short.</summary>
    public static readonly TimeSpan Unbounded = TimeSpan.FromDays(1);

    /// <summary>
    /// Does <paramref name="call"/> (a flush, a close) on another thread while moving the clock to each moment the
    /// writer waits for, until the call returns: as many batch delays and retries as writing everything takes.
    /// </summary>
    /// <param name="clock">The writer's clock.</param>
    /// <param name="call">The call that waits on the clock.</param>
    /// <param name="budget">When given, the clock is never moved past this much from now: the call's own budget, so
    /// that a retry due later cannot carry the clock past it before the call has armed its timer.</param>
    /// <param name="onClock">The call waits on the clock (a flush or a close, which arms its budget's timer): the clock
    /// moves only while it does, so a budget is counted from the call's own start.</param>
    public static T WhileMoving<T>(FakeClock clock, Func<T> call, TimeSpan? budget = null, bool onClock = false)
    {
        var until = budget is { } b ? clock.GetUtcNow() + b : DateTimeOffset.MaxValue;
        var caller = new StrongBox<Thread?>();
        var running = Task.Run(() =>
        {
            Volatile.Write(ref caller.Value, Thread.CurrentThread);
            return call();
        });
        running.ContinueWith(_ => clock.Pulse(), TaskScheduler.Default);
        Func<bool>? ready = !onClock ? null : () => running.IsCompleted || (Volatile.Read(ref caller.Value) is { } thread && clock.Waits(thread));
        while (until - clock.GetUtcNow() is var left && left >= TimeSpan.Zero &&
               clock.AdvanceToNextTimer(left < Waits ? left : Waits, () => running.IsCompleted, TimeSpan.FromSeconds(60), ready))
        {
        }

        Assert.That(running.Wait(TimeSpan.FromSeconds(60)), Is.True, "the writer waits for nothing the clock can bring");
        return running.Result;
    }

    /// <summary>Moves the clock to each moment the writer waits for until <paramref name="done"/> holds (wake the clock when it may).</summary>
    public static void MoveUntil(FakeClock clock, Func<bool> done)
    {
        while (clock.AdvanceToNextTimer(Waits, done, TimeSpan.FromSeconds(60)))
        {
        }

        Assert.That(done(), Is.True, "the writer waits for nothing the clock can bring");
    }

    private static readonly ConcurrentDictionary<string, ConcurrentBag<(FakeClock Clock, RecorderSession Session)>> Followed = new();

    /// <summary>
    /// The clock moves only while the writers on it rest (see FakeClock.MoveOnlyWhen and WritersRest), so that no budget
    /// armed on it runs out while <paramref name="session"/>'s writer works — nor while it was woken from its sleep on
    /// the queue (an event, a flush, the close) and has not run yet, which its thread's state does not show; the test's
    /// <see cref="CloseFollowed"/> closes it if the test did not.
    /// </summary>
    public static RecorderSession Follow(FakeClock clock, RecorderSession session)
    {
        clock.MoveOnlyWhen(() => clock.WritersRest() && !session.WriterWoken);
        Followed.GetOrAdd(TestContext.CurrentContext.Test.ID, _ => []).Add((clock, session));
        return session;
    }

    /// <summary>
    /// For a fixture's TearDown: closes the sessions this test followed, moving their clocks. A test that failed before
    /// its own close leaves one open, whose close would otherwise wait for a clock nobody moves.
    /// </summary>
    public static void CloseFollowed()
    {
        if (Followed.TryRemove(TestContext.CurrentContext.Test.ID, out var sessions))
        {
            var budget = TimeSpan.FromMinutes(1);
            foreach (var (clock, session) in sessions)
            {
                WhileMoving(clock, () => session.Close(budget), budget, onClock: true);
            }
        }
    }

    /// <summary>Flushes everything recorded so far, moving the clock through the writer's waits.</summary>
    public static FlushResult Flush(RecorderSession session, FakeClock clock) =>
        WhileMoving(clock, () => session.Flush(Unbounded), onClock: true);
}
