using System.Globalization;

namespace QuantowerRecorder.Cli.Output;

/// <summary>Numbers for people (tables) and for programs (CSV, JSON): always the invariant culture.</summary>
internal static class Numbers
{
    /// <summary>Round-trip text for files: "1234.5", never "1.234,5".</summary>
    public static string Exact(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Readable text for tables, by unit; "–" when the value is undefined.</summary>
    public static string Display(double? value, string? unit = null)
    {
        if (value is not { } v)
        {
            return "–";
        }

        if (Durations.IsDuration(unit))
        {
            return Durations.Display(v, unit!);
        }

        return unit switch
        {
            "count" => v.ToString("#,0.##", CultureInfo.InvariantCulture),
            "pct" => v.ToString("#,0.00", CultureInfo.InvariantCulture) + " %",
            "money" => v.ToString("#,0.00", CultureInfo.InvariantCulture),
            _ => Math.Abs(v) >= 1000
                ? v.ToString("#,0.##", CultureInfo.InvariantCulture)
                : v.ToString("0.####", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>
    /// A stored timestamp shortened for tables: "2026-01-05 09:00"; <paramref name="length"/> 19 keeps the seconds, 10
    /// only the day.
    /// </summary>
    public static string Time(string? stored, int length = 16) =>
        string.IsNullOrEmpty(stored) ? "–" : stored.Length >= length ? stored[..length].Replace('T', ' ') : stored;

    /// <summary>A parameter's value as a study shows it: a number with up to four decimals, "–" when unset.</summary>
    public static string Parameter(object? value) => value switch
    {
        null => "–",
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "–",
    };

    /// <summary>A share (0.125) as a percentage with one decimal ("12.5 %"); "–" when unknown.</summary>
    public static string Percent(double? share) => share is { } v ? (100 * v).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "–";
}
