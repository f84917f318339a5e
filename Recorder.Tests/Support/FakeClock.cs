using Microsoft.Extensions.Time.Testing;

namespace QuantowerRecorder.Tests.Support;

/// <summary>
/// A clock the test moves for everything: the time events are stamped with and every wait the recorder makes on it —
/// a run's settle time and drain limit, the writer's batch delay, retry back-off, WAL upkeep, flush and close budgets.
/// Nothing waits the wall clock: a wait ends when the test moves the clock past it. Time only moves forward.
/// </summary>
internal sealed class FakeClock(DateTime startUtc) : FakeTimeProvider(new DateTimeOffset(DateTime.SpecifyKind(startUtc, DateTimeKind.Utc)))
{
    public DateTime UtcNow => GetUtcNow().UtcDateTime;

    public void Set(DateTime utc) => SetUtcNow(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));
}
