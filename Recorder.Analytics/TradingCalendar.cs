using QuantowerRecorder.Analytics.Inputs;

namespace QuantowerRecorder.Analytics;

/// <summary>
/// The calendar a run's instruments trade on, which annualises its figures (docs/metrics.md, "Periods per year"):
/// trading days in a year — 365 for an instrument that trades every day (a symbol of type CRYPTO, or bars that
/// start on a Saturday), else 252 — and trading hours in a day, from the hours its bars cover.
/// </summary>
public sealed record TradingCalendar(int DaysPerYear, int HoursPerDay)
{
    /// <summary>Trading days a year of an exchange that closes at weekends and on holidays.</summary>
    public const int SessionDays = 252;

    /// <summary>Trading days a year of a market that never closes.</summary>
    public const int EveryDay = 365;

    /// <summary>The calendar when nothing is known of the instruments: session days, hours unknown (24).</summary>
    public static TradingCalendar Unknown { get; } = new(SessionDays, 24);

    /// <summary>Periods a year of returns taken per day.</summary>
    public int Days => DaysPerYear;

    /// <summary>Periods a year of returns taken per hour: days × hours per day.</summary>
    public int Hours => DaysPerYear * HoursPerDay;

    /// <summary>Periods a year of returns taken per minute.</summary>
    public int Minutes => Hours * 60;

    /// <summary>
    /// The calendar of instruments of <paramref name="symbolTypes"/> whose bars span [start, end) (UTC ticks; each
    /// symbol's bars in time order, bars of several symbols in any order). Hours per day: the median, over the UTC days
    /// any bar covers, of the clock hours the bars cover that day (a bar covers the hours from its start to its end);
    /// 24 without bars.
    /// </summary>
    public static TradingCalendar Of(IEnumerable<string?> symbolTypes, IEnumerable<(long Start, long End)> bars)
    {
        ArgumentNullException.ThrowIfNull(symbolTypes);
        ArgumentNullException.ThrowIfNull(bars);
        var hours = new CoveredHours();
        foreach (var (start, end) in bars)
        {
            hours.Add(start, end);
        }

        return hours.Calendar(symbolTypes);
    }

    /// <summary>The same calendar from a run's bar tracks, read from their arrays (an analysis' end: no tuple per bar).</summary>
    internal static TradingCalendar OfTracks(IEnumerable<string?> symbolTypes, IReadOnlyList<BarTrack> tracks)
    {
        var hours = new CoveredHours();
        foreach (var track in tracks)
        {
            var (starts, ends) = (track.Start, track.End);
            for (var i = 0; i < track.Count; i++)
            {
                hours.Add(starts[i], ends[i]);
            }
        }

        return hours.Calendar(symbolTypes);
    }

    // The clock hours bars cover, and whether one began on a Saturday.
    private sealed class CoveredHours
    {
        private readonly HashSet<long> hours = [];
        private long previous = long.MinValue;
        private bool saturday;

        public void Add(long start, long end)
        {
            saturday |= new DateTime(start, DateTimeKind.Utc).DayOfWeek == DayOfWeek.Saturday;
            var first = start / TimeSpan.TicksPerHour;
            var last = Math.Max(start, end - 1) / TimeSpan.TicksPerHour;
            if (first == last && first == previous)
            {
                // Inside the hour the bar before ended in (most bars of a minute series): nothing new for the set.
                return;
            }

            for (var hour = first; hour <= last; hour++)
            {
                hours.Add(hour);
            }

            previous = last;
        }

        public TradingCalendar Calendar(IEnumerable<string?> symbolTypes)
        {
            var everyDay = saturday || symbolTypes.Any(t => string.Equals(t?.Trim(), "CRYPTO", StringComparison.OrdinalIgnoreCase));
            return new TradingCalendar(everyDay ? EveryDay : SessionDays, hours.Count == 0 ? 24 : MedianHoursPerDay(hours));
        }
    }

    private static int MedianHoursPerDay(HashSet<long> hours)
    {
        var perDay = hours.GroupBy(h => h / 24).Select(g => g.Count()).Order().ToArray();
        // The upper median of whole hours: a run of an even number of days between two session lengths takes the longer.
        return perDay[perDay.Length / 2];
    }
}
