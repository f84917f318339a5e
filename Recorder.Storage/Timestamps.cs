using System.Globalization;

namespace QuantowerRecorder.Storage;

/// <summary>
/// Timestamps as stored: UTC ISO-8601 text of fixed width (<c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>), so that text order
/// is time order (ARCHITECTURE.md, decision 7).
/// </summary>
public static class Timestamps
{
    /// <summary>The stored format.</summary>
    public const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>
    /// Formats a time. Local times are converted to UTC; unspecified ones are taken as UTC (Quantower's times are
    /// UTC).
    /// </summary>
    public static string Format(DateTime time) =>
        ToUtc(time).ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>Formats an instant.</summary>
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
        DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
