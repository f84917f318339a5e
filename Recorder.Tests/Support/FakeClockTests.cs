using NUnit.Framework;

namespace QuantowerRecorder.Tests.Support;

/// <summary>The test clock's promise that the plugin tests rely on while a run drains: a move fires what came due.</summary>
[TestFixture]
public sealed class FakeClockTests
{
    private static readonly DateTime T0 = new(2026, 3, 2, 14, 32, 0, DateTimeKind.Utc);

    [Test]
    public void Advance_returns_once_a_timer_it_made_due_has_fired_while_another_thread_wakes_the_timers()
    {
        var clock = new FakeClock(T0);
        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();

        // Another thread fires a timer due at once and stays in its callback: the provider's waking of timers is its.
        using var busy = clock.CreateTimer(_ =>
        {
            holding.Set();
            release.Wait();
        }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var other = Task.Run(() => busy.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        Assert.That(holding.Wait(TimeSpan.FromSeconds(30)), Is.True, "the other thread's timer fired");

        DateTime? firedAt = null;
        using var settle = clock.CreateTimer(_ => firedAt = clock.UtcNow, null, TimeSpan.FromMilliseconds(50), Timeout.InfiniteTimeSpan);

        // The other thread goes on once this one's move waits for it, or has returned without waiting.
        var returned = false;
        var releaser = Task.Run(() =>
        {
            SpinWait.SpinUntil(() => clock.AdvanceWaits || Volatile.Read(ref returned), TimeSpan.FromSeconds(30));
            release.Set();
        });

        clock.Advance(TimeSpan.FromMilliseconds(50));
        var firedWhenReturned = firedAt;
        Volatile.Write(ref returned, true);
        Assert.That(Task.WaitAll([releaser, other], TimeSpan.FromSeconds(30)), Is.True);

        // Fired at its moment, not at a later one that further moves would have brought.
        Assert.That(firedWhenReturned, Is.EqualTo(T0.AddMilliseconds(50)));
    }
}
