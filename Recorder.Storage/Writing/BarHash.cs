using System.Globalization;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The content hash of shared bars (docs/decisions.md, 14): FNV-1a 64 over each bar's time and values, summed over a
/// stretch, so a stretch grows bar by bar and two stretches join without reading their bars again. It tells a changed
/// or missing bar from the one a run saw (verify); it is no defence against someone forging bars.
/// </summary>
internal static class BarHash
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Of(DateTime openUtc, double open, double high, double low, double close, double? volume, string? volumetric)
    {
        var h = Offset;
        h = Mix(h, (ulong)openUtc.Ticks);
        h = Mix(h, Bits(open));
        h = Mix(h, Bits(high));
        h = Mix(h, Bits(low));
        h = Mix(h, Bits(close));
        h = volume is { } v ? Mix(Mix(h, 1), Bits(v)) : Mix(h, 0);
        if (volumetric is null)
        {
            return Mix(h, 0);
        }

        h = Mix(h, (ulong)volumetric.Length + 1);
        foreach (var c in volumetric)
        {
            h = (h ^ c) * Prime;
        }

        return h;
    }

    public static string Text(ulong sum) => sum.ToString("x16", CultureInfo.InvariantCulture);

    public static ulong Parse(string text) => ulong.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    // -0.0 and 0.0 are one value to SQLite's comparison, so to the hash as well.
    private static ulong Bits(double value) => (ulong)BitConverter.DoubleToInt64Bits(value + 0.0);

    private static ulong Mix(ulong h, ulong value)
    {
        for (var i = 0; i < 8; i++)
        {
            h = (h ^ (value & 0xFF)) * Prime;
            value >>= 8;
        }

        return h;
    }
}
