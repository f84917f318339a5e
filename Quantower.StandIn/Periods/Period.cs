using System.Globalization;
using System.Xml.Linq;
using TradingPlatform.BusinessLayer.Serialization;

namespace TradingPlatform.BusinessLayer;

/// <summary>A bar period. <c>default(Period)</c> is (Tick, 0).</summary>
public struct Period : IComparable, IXElementSerialization
{
    public Period(BasePeriod basePeriod, int periodMultiplier)
    {
        if (periodMultiplier <= 0)
        {
            throw new ArgumentException("Period multiplier must be greater than zero.", nameof(periodMultiplier));
        }

        this.BasePeriod = basePeriod;
        this.PeriodMultiplier = periodMultiplier;
    }

    public static Period TICK1 => new(BasePeriod.Tick, 1);

    public static Period SECOND1 => new(BasePeriod.Second, 1);

    public static Period SECOND5 => new(BasePeriod.Second, 5);

    public static Period SECOND10 => new(BasePeriod.Second, 10);

    public static Period SECOND15 => new(BasePeriod.Second, 15);

    public static Period SECOND30 => new(BasePeriod.Second, 30);

    public static Period MIN1 => new(BasePeriod.Minute, 1);

    public static Period MIN2 => new(BasePeriod.Minute, 2);

    public static Period MIN3 => new(BasePeriod.Minute, 3);

    public static Period MIN4 => new(BasePeriod.Minute, 4);

    public static Period MIN5 => new(BasePeriod.Minute, 5);

    public static Period MIN10 => new(BasePeriod.Minute, 10);

    public static Period MIN15 => new(BasePeriod.Minute, 15);

    public static Period MIN30 => new(BasePeriod.Minute, 30);

    public static Period HOUR1 => new(BasePeriod.Hour, 1);

    public static Period HOUR2 => new(BasePeriod.Hour, 2);

    public static Period HOUR3 => new(BasePeriod.Hour, 3);

    public static Period HOUR4 => new(BasePeriod.Hour, 4);

    public static Period HOUR6 => new(BasePeriod.Hour, 6);

    public static Period HOUR8 => new(BasePeriod.Hour, 8);

    public static Period HOUR12 => new(BasePeriod.Hour, 12);

    public static Period DAY1 => new(BasePeriod.Day, 1);

    public static Period WEEK1 => new(BasePeriod.Week, 1);

    public static Period MONTH1 => new(BasePeriod.Month, 1);

    public static Period YEAR1 => new(BasePeriod.Year, 1);

    public int PeriodMultiplier { get; private set; }

    public BasePeriod BasePeriod { get; private set; }

    /// <summary>The multiplier times the ticks of the base period; a Tick base counts −1.</summary>
    public readonly long Ticks => this.PeriodMultiplier * TicksOf(this.BasePeriod);

    /// <summary>A month counts as 30 days and a year as 365; a Tick base has no duration (zero).</summary>
    public readonly TimeSpan Duration => this.BasePeriod == BasePeriod.Tick ? TimeSpan.Zero : TimeSpan.FromTicks(this.Ticks);

    public static bool operator ==(Period left, Period right) =>
        left.BasePeriod == right.BasePeriod && left.PeriodMultiplier == right.PeriodMultiplier;

    public static bool operator !=(Period left, Period right) => !(left == right);

    public static bool operator <(Period left, Period right) => left.Ticks < right.Ticks;

    public static bool operator >(Period left, Period right) => left.Ticks > right.Ticks;

    public static bool operator <=(Period left, Period right) => left.Ticks <= right.Ticks;

    public static bool operator >=(Period left, Period right) => left.Ticks >= right.Ticks;

    /// <summary>The English short unit: Tick "ticks", Second "s", Minute "m", Hour "H", Day "D", Week "W", Month "M", Year "Y".</summary>
    public static string BasePeriodToShortString(BasePeriod basePeriod) => basePeriod switch
    {
        BasePeriod.Tick => "ticks",
        BasePeriod.Second => "s",
        BasePeriod.Minute => "m",
        BasePeriod.Hour => "H",
        BasePeriod.Day => "D",
        BasePeriod.Week => "W",
        BasePeriod.Month => "M",
        BasePeriod.Year => "Y",
        _ => basePeriod.ToString(),
    };

    /// <summary>Splits on '-', trims both parts, parses an int and a BasePeriod name (case-insensitive).</summary>
    public static bool TryParse(string value, out Period period)
    {
        period = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var parts = value.Split('-');
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var multiplier)
            || multiplier <= 0
            || !Enum.TryParse(parts[1].Trim(), ignoreCase: true, out BasePeriod basePeriod)
            || !Enum.IsDefined(basePeriod))
        {
            return false;
        }

        period = new Period(basePeriod, multiplier);
        return true;
    }

    /// <summary>The multiplier followed by the short unit, e.g. "5m".</summary>
    public readonly string Format() =>
        this.PeriodMultiplier.ToString(CultureInfo.InvariantCulture) + BasePeriodToShortString(this.BasePeriod);

    /// <summary>"&lt;mult&gt; - &lt;BasePeriod name&gt;", e.g. "5 - Minute".</summary>
    public override readonly string ToString() =>
        this.PeriodMultiplier.ToString(CultureInfo.InvariantCulture) + " - " + this.BasePeriod.ToString();

    public override readonly bool Equals(object obj) => obj is Period other && this == other;

    public override readonly int GetHashCode() => HashCode.Combine(this.BasePeriod, this.PeriodMultiplier);

    public readonly int CompareTo(object other) => other is Period period ? this.Ticks.CompareTo(period.Ticks) : 1;

    readonly XElement IXElementSerialization.ToXElement() =>
        new(nameof(Period), new XAttribute("Value", this.ToString()));

    void IXElementSerialization.FromXElement(XElement element, DeserializationInfo deserializationInfo)
    {
        if (TryParse((string)element.Attribute("Value"), out var parsed))
        {
            this = parsed;
        }
    }

    private static long TicksOf(BasePeriod basePeriod) => basePeriod switch
    {
        BasePeriod.Tick => -1,
        BasePeriod.Second => TimeSpan.TicksPerSecond,
        BasePeriod.Minute => TimeSpan.TicksPerMinute,
        BasePeriod.Hour => TimeSpan.TicksPerHour,
        BasePeriod.Day => TimeSpan.TicksPerDay,
        BasePeriod.Week => 7 * TimeSpan.TicksPerDay,
        BasePeriod.Month => 30 * TimeSpan.TicksPerDay,
        BasePeriod.Year => 365 * TimeSpan.TicksPerDay,
        _ => 0,
    };
}
