using System.Globalization;

namespace QuantowerRecorder.Analytics.Metrics;

/// <summary>
/// The shortest run whose return is compounded to a year (`cagr_pct`, and the Calmar ratio built on it; docs/metrics.md,
/// "PnL and returns"): below it the figure is null and says "not enough time (30 days; needs 365)", as a study's figure
/// says "not enough passes (2; needs 5)".
/// </summary>
public static class AnnualisedPeriod
{
    /// <summary>
    /// One calendar year: a shorter return raised to the power 365.25/days multiplies its luck (+5 % in a month is
    /// +80 % a year), and performance standards (GIPS) do not annualise periods under a year.
    /// </summary>
    public const int MinimumDays = 365;

    /// <summary>The words in place of the figure for a run of <paramref name="days"/>; null when it is long enough.</summary>
    public static string? ShortOf(double days) => days < MinimumDays
        ? string.Create(CultureInfo.InvariantCulture, $"not enough time ({Math.Floor(Math.Max(0, days))} days; needs {MinimumDays})")
        : null;

    /// <summary>
    /// The reason a stored run's <paramref name="key"/> is null when it is that it wants more data ("not enough …"),
    /// from its analysis notes ("key: reason"); null otherwise.
    /// </summary>
    public static string? StoredReason(IEnumerable<string> notes, string key)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var prefix = key + ": not enough ";
        return notes.FirstOrDefault(n => n.StartsWith(prefix, StringComparison.Ordinal))?[(key.Length + 2)..];
    }
}
