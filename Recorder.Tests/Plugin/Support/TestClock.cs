namespace QuantowerRecorder.Tests.Plugin.Support;

/// <summary>A wall clock the test sets. Timestamps (for the writer's batching) stay real.</summary>
internal sealed class TestClock : TimeProvider
{
    private DateTimeOffset now;

    public TestClock(DateTime startUtc) => now = new DateTimeOffset(startUtc, TimeSpan.Zero);

    public DateTime UtcNow => now.UtcDateTime;

    public override DateTimeOffset GetUtcNow() => now;

    public void Set(DateTime utc) => now = new DateTimeOffset(utc, TimeSpan.Zero);

    public void Advance(TimeSpan by) => now += by;
}
