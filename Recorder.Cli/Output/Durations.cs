using System.Globalization;

namespace QuantowerRecorder.Cli.Output;

/// <summary>
/// A duration as a trader reads it: "350 ms", "12.5 s", "14 min", "8 h 40 min", "2 d 4 h" — two units at most, the
/// larger first. Stored durations are in <c>ms</c>, <c>s</c> or fractional <c>days</c> (docs/metrics.md, "Time").
/// </summary>
internal static class Durations
{
    /// <summary>True for the units a duration is stored in.</summary>
    public static bool IsDuration(string? unit) => unit is "ms" or "s" or "days";

    public static string Display(double value, string unit)
    {
        var ms = unit switch { "ms" => value, "s" => value * 1000, _ => value * 86_400_000 };
        var sign = ms < 0 ? "−" : "";
        ms = Math.Abs(ms);
        string Whole(double v) => Math.Floor(v).ToString("#,0", CultureInfo.InvariantCulture);
        return sign + ms switch
        {
            < 1000 => $"{Math.Round(ms).ToString("0", CultureInfo.InvariantCulture)} ms",
            < 60_000 => $"{(ms / 1000).ToString("0.#", CultureInfo.InvariantCulture)} s",
            < 3_600_000 => $"{Whole(ms / 60_000)} min",
            < 86_400_000 => Two(ms, 3_600_000, "h", 60_000, "min"),
            _ => Two(ms, 86_400_000, "d", 3_600_000, "h"),
        };
    }

    // "8 h 40 min": the larger unit whole, the smaller rounded, carried when it rounds up to a whole larger one.
    private static string Two(double ms, double big, string bigUnit, double small, string smallUnit)
    {
        var count = Math.Floor(ms / big);
        var rest = Math.Round((ms - (count * big)) / small);
        if (rest >= big / small)
        {
            count++;
            rest = 0;
        }

        var head = count.ToString("#,0", CultureInfo.InvariantCulture) + " " + bigUnit;
        return rest == 0 ? head : $"{head} {rest.ToString("0", CultureInfo.InvariantCulture)} {smallUnit}";
    }
}
