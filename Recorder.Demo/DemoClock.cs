using System.Globalization;

namespace QuantowerRecorder.Demo;

/// <summary>
/// The demo's simulated time, moved forward by the simulation: the simulated connection's vendor time follows it (as a
/// backtester's or simulator's does; the platform's TimeUtils stays the wall clock), and the demo injects it into the
/// recorder, so every time in a demo database comes from the simulation and the same demo gives the same rows.
/// Timestamps (the writer's batching) stay real.
/// </summary>
internal sealed class DemoClock(DateTime startUtc) : TimeProvider
{
    private long ticks = startUtc.Ticks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    /// <summary>Called with the new time after every move (the vendor's server time follows the simulation).</summary>
    public Action<DateTime>? Moved { get; set; }

    /// <summary>Moves the clock to <paramref name="utc"/>; time never runs backwards.</summary>
    public void MoveTo(DateTime utc)
    {
        var current = Interlocked.Read(ref ticks);
        if (utc.Ticks < current)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The demo's clock cannot go back from {new DateTime(current, DateTimeKind.Utc):O} to {utc:O}."));
        }

        Interlocked.Exchange(ref ticks, utc.Ticks);
        Moved?.Invoke(new DateTime(utc.Ticks, DateTimeKind.Utc));
    }
}
