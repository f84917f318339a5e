using System.Globalization;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>
/// SQLite's ROUND in C#, for the figures the analysis stores (<see cref="StoredPrecision.Round"/>): the file's views
/// round in SQL what they compute from stored values (a marked equity point, a drawdown, a sum), and show the analysis'
/// own figure only where both round one number alike.
/// </summary>
internal static class SqliteRound
{
    /// <summary>
    /// Half away from zero at <paramref name="decimals"/> (0 to 15), as SQLite's ROUND rounds the same number, so that a view
    /// that rounds in SQL (a marked equity point, a drawdown, a sum) shows what the analysis stored. A value whose integer
    /// part is 2^52 or more is kept. −0 comes out as 0, so SQLite and PostgreSQL store the same row.
    /// </summary>
    /// <remarks>
    /// Math.Round rounds the product value × 10^d, itself rounded: 86214.965, stored as 86214.964999999997, became
    /// 86214.97 where SQLite gives 86214.96. Here the product's rounding error is taken exactly (a fused multiply-add) and
    /// says on which side of the half the number lies (on it, away from zero), and the result is the double nearest the rounded decimal, as
    /// SQLite's reading of its printed digits gives. SQLite decides on the number's decimal digits as its printf makes them
    /// (<see cref="Digits"/>), which can fall on the other side of a half than the exact number when it lies within
    /// a few units of the nineteenth digit of it: so near, the digits decide here too. With no decimals SQLite adds a half
    /// and truncates, and so does this.
    /// </remarks>
    public static double Of(double value, int decimals)
    {
        if ((uint)decimals > MaxDecimals)
        {
            throw new ArgumentOutOfRangeException(nameof(decimals), decimals, $"from 0 to {MaxDecimals}");
        }

        var size = Math.Abs(value);
        if (!(size < TwoTo52))
        {
            // NaN, an infinity, or a number without a fractional part at this size.
            return value;
        }

        double rounded;
        if (decimals == 0)
        {
            rounded = Math.Truncate(size + 0.5);
        }
        else
        {
            var scale = PowersOfTen[decimals];
            var product = size * scale;
            // size × scale = product + error exactly; the number lies (product − whole − 0.5) + error above the half, in
            // units of the last decimal kept: both terms exact, compared without rounding their sum.
            var error = Math.FusedMultiplyAdd(size, scale, -product);
            var whole = Math.Floor(product);
            var aboveHalf = product - whole - 0.5;
            var above = aboveHalf + error;
            if (aboveHalf == -error)
            {
                rounded = (whole + 1) / scale;
            }
            else if (product >= TwoTo52 || Math.Abs(above) <= product * NearHalf)
            {
                rounded = Digits(size, decimals);
            }
            else
            {
                // Away from the half, the sum's sign is the number's side of it: one more unit above (without a branch,
                // which a run's figures, on either side at random, would mispredict half the time).
                rounded = (whole + (1 + (BitConverter.DoubleToInt64Bits(above) >> 63))) / scale;
            }
        }

        // The number's sign; + 0.0 makes −0 the 0 stored.
        return Math.CopySign(rounded, value) + 0.0;
    }

    // Nearer the half than this share of the number (but not on it: a half exactly is rounded up, as SQLite's exact digits
    // do), SQLite's digits may fall on the other side of it than the number: they are the number scaled into
    // [2^63 / 10, 2^63) read as an integer, a unit of which is at most 1.08e-18 of the number, and they may be a unit off.
    private const double NearHalf = 5e-18;

    /// <summary>
    /// ROUND(<paramref name="size"/>, <paramref name="decimals"/>) as SQLite computes it for a positive number below 2^52:
    /// printf's decimal digits of it (the number scaled by tens into [2^63 / 10, 2^63) as a pair of doubles, Dekker's
    /// product, read as an integer with the pair's second part truncated), rounded at the last decimal by the digit after it
    /// alone, then read back as the nearest double.
    /// </summary>
    internal static double Digits(double size, int decimals)
    {
        if (size == 0)
        {
            return 0;
        }

        var (high, low, exponent) = (size, 0.0, 0);
        while (high < 9.223372036854774784e-83)
        {
            exponent -= 100;
            Dekker(ref high, ref low, 1.0e+100, -1.5902891109759918046e+83);
        }

        while (high < 9.223372036854774784e+07)
        {
            exponent -= 10;
            Dekker(ref high, ref low, 1.0e+10, 0);
        }

        while (high < 9.22337203685477478e+17)
        {
            exponent -= 1;
            Dekker(ref high, ref low, 10, 0);
        }

        var integer = low < 0 ? (ulong)high - (ulong)-low : (ulong)high + (ulong)low;
        var text = integer.ToString(CultureInfo.InvariantCulture);
        var digits = text.ToCharArray().Select(c => c - '0').ToList();
        var point = digits.Count + exponent;
        var keep = point + decimals;
        if (keep == 0 && digits[0] >= 5)
        {
            // Below the last decimal but at least half of it: one unit of it.
            digits.Insert(0, 0);
            point++;
            keep = 1;
        }

        if (keep <= 0)
        {
            return 0;
        }

        keep = Math.Min(keep, SqliteSignificantDigits);
        if (keep < digits.Count)
        {
            var up = digits[keep] >= 5;
            digits.RemoveRange(keep, digits.Count - keep);
            for (var j = keep - 1; up && j >= 0; j--)
            {
                digits[j] = (digits[j] + 1) % 10;
                up = digits[j] == 0;
            }

            if (up)
            {
                digits.Insert(0, 1);
                point++;
            }
        }

        var kept = string.Concat(digits.Select(d => (char)('0' + d)));
        return double.Parse(string.Create(CultureInfo.InvariantCulture, $"{kept}E{point - digits.Count}"), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    // The most significant digits SQLite's ROUND prints a number with (its printf's alternate form, "%!.*f").
    private const int SqliteSignificantDigits = 26;

    // (high, low) × (y, yy) in double-double arithmetic, each operation as SQLite's own (T. J. Dekker, "A Floating-Point
    // Technique for Extending the Available Precision", 1971): the halves split by clearing the low 26 bits.
    private static void Dekker(ref double high, ref double low, double y, double yy)
    {
        var hx = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(high) & unchecked((long)0xfffffffffc000000UL));
        var tx = high - hx;
        var hy = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(y) & unchecked((long)0xfffffffffc000000UL));
        var ty = y - hy;
        var p = hx * hy;
        var q = (hx * ty) + (tx * hy);
        var c = p + q;
        var cc = p - c + q + (tx * ty);
        cc = (high * yy) + (low * y) + cc;
        high = c + cc;
        low = c - high;
        low += cc;
    }

    private const double TwoTo52 = 4503599627370496.0;

    private const int MaxDecimals = 15;

    private static readonly double[] PowersOfTen = Enumerable.Range(0, MaxDecimals + 1).Select(d => Math.Pow(10, d)).ToArray();
}
