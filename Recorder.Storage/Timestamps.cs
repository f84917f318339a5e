using System.Globalization;

namespace QuantowerRecorder.Storage;

/// <summary>
/// Timestamps as stored: UTC ISO-8601 text of fixed width (<c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>), so that text order
/// is time order (docs/decisions.md, 7).
/// </summary>
public static class Timestamps
{
    /// <summary>
    /// Formats a time. Local times are converted to UTC; unspecified ones are taken as UTC (Quantower's times are
    /// UTC).
    /// </summary>
    public static string Format(DateTime time) => string.Create(Length, ToUtc(time), static (span, t) => Write(t, span));

    public const int Length = 28;

    /// <summary>Formats a time into <paramref name="into"/> (at least <see cref="Length"/> characters): no allocation.</summary>
    public static void Format(DateTime time, Span<char> into) => Write(ToUtc(time), into);

    // Written digit by digit: this runs several times per event on the writer's hot path, and the general formatter
    // (pattern parsing, culture lookups) costs several times more for the same fixed-width text.
    private static void Write(DateTime t, Span<char> span)
    {
        Digits(span[..4], t.Year);
        span[4] = '-';
        Digits(span.Slice(5, 2), t.Month);
        span[7] = '-';
        Digits(span.Slice(8, 2), t.Day);
        span[10] = 'T';
        Digits(span.Slice(11, 2), t.Hour);
        span[13] = ':';
        Digits(span.Slice(14, 2), t.Minute);
        span[16] = ':';
        Digits(span.Slice(17, 2), t.Second);
        span[19] = '.';
        Digits(span.Slice(20, 7), (int)(t.Ticks % TimeSpan.TicksPerSecond));
        span[27] = 'Z';
    }

    private static void Digits(Span<char> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    public static string Format(DateTimeOffset time) => Format(time.UtcDateTime);

    /// <summary>Normalises a time to UTC with the rules of <see cref="Format(DateTime)"/>.</summary>
    public static DateTime ToUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };

    /// <summary>Parses a stored timestamp (or any ISO-8601 text) into a UTC time.</summary>
    public static DateTime Parse(string text) =>
        TryParseStored(text, out var time) ? time
            : DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    // The stored fixed-width form read digit by digit: analysis parses a timestamp per fill, order and bar, and the
    // general parser costs several times more. Anything else (or an impossible date) goes to the general parser.
    internal static bool TryParseStored(ReadOnlySpan<char> text, out DateTime time)
    {
        time = default;
        if (text.Length != Length || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':'
            || text[19] != '.' || text[27] != 'Z')
        {
            return false;
        }

        if (!Number(text, 0, 4, out var year) || !Number(text, 5, 2, out var month) || !Number(text, 8, 2, out var day)
            || !Number(text, 11, 2, out var hour) || !Number(text, 14, 2, out var minute) || !Number(text, 17, 2, out var second)
            || !Number(text, 20, 7, out var fraction))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        time = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(fraction);
        return true;
    }

    private static bool Number(ReadOnlySpan<char> text, int start, int length, out int value)
    {
        value = 0;
        for (var i = start; i < start + length; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }
}
