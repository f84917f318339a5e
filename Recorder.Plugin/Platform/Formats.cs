using System.Globalization;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Platform;

/// <summary>
/// How platform objects are written into the file: always the invariant culture, never the trader's locale, and never
/// the platform's localised texts (Period.Format can be localised).
/// </summary>
internal static class Formats
{
    /// <summary>"5m", "1H", "1D": the multiplier and the platform's English short unit.</summary>
    public static string? Timeframe(Period? period)
    {
        if (period is not { } p || p.PeriodMultiplier <= 0)
        {
            return null;
        }

        var unit = p.BasePeriod switch
        {
            BasePeriod.Tick => "ticks",
            BasePeriod.Second => "s",
            BasePeriod.Minute => "m",
            BasePeriod.Hour => "H",
            BasePeriod.Day => "D",
            BasePeriod.Week => "W",
            BasePeriod.Month => "M",
            BasePeriod.Year => "Y",
            _ => p.BasePeriod.ToString(),
        };
        return p.PeriodMultiplier.ToString(CultureInfo.InvariantCulture) + unit;
    }

    /// <summary>The instrument as stored: the symbol's name (what a trader reads), else its id.</summary>
    public static string? Symbol(Symbol? symbol) =>
        symbol is null ? null : string.IsNullOrEmpty(symbol.Name) ? symbol.Id : symbol.Name;

    public static string? Account(Account? account) => account?.Id;

    /// <summary>A currency as stored: its ISO code, else its name, else its id (an empty text counts as none).</summary>
    public static string? Currency(Asset? asset) =>
        asset is null ? null : !string.IsNullOrEmpty(asset.IsoCode) ? asset.IsoCode : !string.IsNullOrEmpty(asset.Name) ? asset.Name : asset.Id;

    /// <summary>A setting's value in a form that is the same on every machine.</summary>
    public static object? SettingValue(object? value) => value switch
    {
        null => null,
        string or bool or int or long or double or float or decimal or DateTime => value,
        Symbol s => Symbol(s),
        Account a => Account(a),
        Period p => Timeframe(p) ?? p.ToString(),
        Enum e => e.ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
