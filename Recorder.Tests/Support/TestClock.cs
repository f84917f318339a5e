namespace QuantowerRecorder.Tests.Support;

/// <summary>
/// The tests' one clock: a wall clock the test sets and moves. Timestamps (<see cref="TimeProvider.GetTimestamp"/>,
/// the writer's batching and timeouts) stay real, so a test that stops the clock cannot stall the writer.
/// </summary>
internal sealed class TestClock : TimeProvider
{
    private long ticks;

    public TestClock(DateTimeOffset now) => ticks = now.UtcTicks;

    public TestClock(DateTime startUtc)
        : this(new DateTimeOffset(DateTime.SpecifyKind(startUtc, DateTimeKind.Utc)))
    {
    }

    public DateTime UtcNow => new(Interlocked.Read(ref ticks), DateTimeKind.Utc);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public void Set(DateTime utc) => Interlocked.Exchange(ref ticks, DateTime.SpecifyKind(utc, DateTimeKind.Utc).Ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}
