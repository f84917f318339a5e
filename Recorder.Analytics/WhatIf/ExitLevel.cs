using System.Globalization;

namespace QuantowerRecorder.Analytics.WhatIf;

/// <summary>
/// A stop, target or trailing distance from the entry price: a positive number and its unit, written as the command
/// line takes it (<c>1.5%</c>, <c>10t</c>, <c>2pt</c>, <c>1.5atr</c>).
/// </summary>
public readonly record struct ExitLevel(double Value, ExitUnit Unit)
{
    /// <summary>Parses <c>1.5%</c>, <c>10t</c>, <c>2pt</c> or <c>1.5atr</c> (invariant culture, any case).</summary>
    /// <exception cref="FormatException">The text is not a positive number with one of those units.</exception>
    public static ExitLevel Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant();
        (string Suffix, ExitUnit Unit)[] units = [("%", ExitUnit.Percent), ("atr", ExitUnit.Atr), ("pt", ExitUnit.Points), ("t", ExitUnit.Ticks)];
        foreach (var (suffix, unit) in units)
        {
            if (t.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(t[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return value > 0 && double.IsFinite(value)
                    ? new ExitLevel(value, unit)
                    : throw new FormatException($"'{text.Trim()}' is not above 0; an exit level is a distance from the entry price.");
            }
        }

        throw new FormatException(
            $"'{text.Trim()}' is not an exit level; write a number and a unit: 1.5% (of the entry price), 10t (ticks), 2pt (points) or 1.5atr (ATR(14) multiples).");
    }

    /// <summary>
    /// Levels separated by commas, <c>none</c> for no level: <c>10t,20t,none</c>.
    /// </summary>
    /// <exception cref="FormatException">A level is empty, repeated or not a level.</exception>
    public static IReadOnlyList<ExitLevel?> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Any(p => p.Length == 0))
        {
            throw new FormatException($"'{text}' has an empty level; separate levels with single commas, e.g. 10t,20t,30t.");
        }

        var levels = parts.Select(p => p.Equals("none", StringComparison.OrdinalIgnoreCase) ? (ExitLevel?)null : Parse(p)).ToList();
        return levels.Distinct().Count() < levels.Count ? throw new FormatException($"'{text}' repeats a level.") : levels;
    }

    /// <summary>The level's distance from <paramref name="entryPrice"/> in price units.</summary>
    internal double Distance(double entryPrice, double tickSize, double atr) => Unit switch
    {
        ExitUnit.Percent => Math.Abs(entryPrice) * Value / 100,
        ExitUnit.Ticks => Value * tickSize,
        ExitUnit.Points => Value,
        _ => Value * atr,
    };

    /// <summary>As the command line takes it.</summary>
    public override string ToString() => Value.ToString("0.####", CultureInfo.InvariantCulture) + Unit switch
    {
        ExitUnit.Percent => "%",
        ExitUnit.Ticks => "t",
        ExitUnit.Points => "pt",
        _ => "atr",
    };
}
