using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>
/// The time a run lives in. Quantower has no simulated clock (quantower-api.md §3: <c>TimeUtils.DateTimeUtcNow</c> is
/// the PC's): in a backtest or a replay only the vendor's objects carry the simulated time. So on a simulated
/// connection the run's clock is the newest vendor time the run has seen — order update times, fill times, bar and
/// quote times, the connection's server time when the vendor gives one — and never goes backwards; on a live
/// connection it is the wall clock; a host that drives time itself (a simulation, a test) gives its own. Its timers and
/// timestamps (what the run waits on) are the given clock's, else the PC's.
/// </summary>
internal sealed class RunClock : TimeProvider
{
    // A vendor time more than this away from the PC's clock is the vendor's own; closer, it is the PC's clock that
    // Connection.ServerTime falls back to when the vendor gives none.
    private static readonly TimeSpan OwnServerTime = TimeSpan.FromMinutes(1);

    private readonly TimeProvider? given;
    private readonly TimeProvider waits;
    private long newestTicks;

    private RunClock(TimeProvider? given)
    {
        this.given = given;
        // What the run waits on (its end's settle time and limit): the given clock, so a host or a test that drives time
        // decides it too; else the PC's, also on a simulated connection, whose vendor time stands still once it stops.
        waits = given ?? System;
    }

    /// <summary>False only while a vendor clock has seen no vendor time yet.</summary>
    public bool Known => given is not null || Interlocked.Read(ref newestTicks) != 0;

    /// <summary>The clock of a run: the one given, the vendor's on a simulated connection, else the wall clock.</summary>
    public static RunClock For(TimeProvider? given, bool simulated, Account? account, Symbol? symbol)
    {
        if (given is not null || !simulated)
        {
            return new RunClock(given ?? System);
        }

        var clock = new RunClock(null);
        if (account?.Connection is { } connection)
        {
            var server = connection.ServerTime;
            if ((server - Core.Instance.TimeUtils.DateTimeUtcNow).Duration() > OwnServerTime)
            {
                clock.Observe(server);
            }
        }

        if (symbol is not null)
        {
            clock.Observe(symbol.QuoteDateTime);
        }

        return clock;
    }

    /// <summary>A vendor time the run has seen; the clock moves to it if it is newer. Unset times are ignored.</summary>
    public void Observe(DateTime time)
    {
        if (given is not null || time.Year < 1980 || time.Year > 2200)
        {
            return;
        }

        var ticks = (time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time).Ticks;
        var seen = Interlocked.Read(ref newestTicks);
        while (ticks > seen)
        {
            var before = Interlocked.CompareExchange(ref newestTicks, ticks, seen);
            if (before == seen)
            {
                return;
            }

            seen = before;
        }
    }

    public override long TimestampFrequency => waits.TimestampFrequency;

    public override long GetTimestamp() => waits.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        waits.CreateTimer(callback, state, dueTime, period);

    /// <summary>The run's time now; a vendor clock that has seen nothing yet answers the wall clock.</summary>
    public override DateTimeOffset GetUtcNow()
    {
        if (given is not null)
        {
            return given.GetUtcNow();
        }

        var ticks = Interlocked.Read(ref newestTicks);
        return ticks == 0 ? System.GetUtcNow() : new DateTimeOffset(ticks, TimeSpan.Zero);
    }
}
