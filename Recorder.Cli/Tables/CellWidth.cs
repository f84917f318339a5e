using System.Globalization;
using System.Text;

namespace QuantowerRecorder.Cli.Tables;

/// <summary>
/// Text width in terminal cells, not UTF-16 code units: an East Asian wide or fullwidth character and an emoji take two
/// cells, a combining mark, a variation selector or a zero-width joiner none. Strategy and instance names are typed by
/// people in their own script, and a table measured by string.Length misaligns on them.
/// </summary>
internal static class CellWidth
{
    // Wide ranges of Unicode's East Asian Width (W and F) and the emoji blocks shown in emoji presentation.
    private static readonly (int First, int Last)[] Wide =
    [
        (0x1100, 0x115F), (0x231A, 0x231B), (0x2329, 0x232A), (0x23E9, 0x23EC), (0x23F0, 0x23F0), (0x23F3, 0x23F3),
        (0x25FD, 0x25FE), (0x2614, 0x2615), (0x2648, 0x2653), (0x267F, 0x267F), (0x2693, 0x2693), (0x26A1, 0x26A1),
        (0x26AA, 0x26AB), (0x26BD, 0x26BE), (0x26C4, 0x26C5), (0x26CE, 0x26CE), (0x26D4, 0x26D4), (0x26EA, 0x26EA),
        (0x26F2, 0x26F5), (0x26FA, 0x26FD), (0x2705, 0x2705), (0x270A, 0x270B), (0x2728, 0x2728), (0x274C, 0x274C),
        (0x2753, 0x2755), (0x2757, 0x2757), (0x2795, 0x2797), (0x27B0, 0x27B0), (0x27BF, 0x27BF), (0x2B1B, 0x2B1C),
        (0x2B50, 0x2B50), (0x2B55, 0x2B55), (0x2E80, 0x303E), (0x3041, 0x33FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
        (0xA000, 0xA4CF), (0xA960, 0xA97F), (0xAC00, 0xD7A3), (0xF900, 0xFAFF), (0xFE10, 0xFE19), (0xFE30, 0xFE6F),
        (0xFF00, 0xFF60), (0xFFE0, 0xFFE6), (0x1F004, 0x1F004), (0x1F0CF, 0x1F0CF), (0x1F18E, 0x1F18E),
        (0x1F191, 0x1F19A), (0x1F200, 0x1F251), (0x1F300, 0x1F64F), (0x1F680, 0x1F6FF), (0x1F7E0, 0x1F7EB),
        (0x1F90C, 0x1F9FF), (0x1FA70, 0x1FAFF), (0x20000, 0x3FFFD),
    ];

    // A loop, not LINQ: every cell of every table is measured, some more than once while the width is fitted.
    public static int Of(string text)
    {
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += Of(rune);
        }

        return width;
    }

    public static int Of(Rune rune)
    {
        var category = Rune.GetUnicodeCategory(rune);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format || rune.Value < 0x20)
        {
            return 0;
        }

        var value = rune.Value;
        foreach (var (first, last) in Wide)
        {
            if (value < first)
            {
                return 1;
            }

            if (value <= last)
            {
                return 2;
            }
        }

        return 1;
    }

    /// <summary>The text cut to at most <paramref name="cells"/> cells, whole characters only.</summary>
    public static string Cut(string text, int cells)
    {
        var result = new StringBuilder();
        var used = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var w = Of(rune);
            if (used + w > cells)
            {
                break;
            }

            result.Append(rune.ToString());
            used += w;
        }

        return result.ToString();
    }

    /// <summary>Spaces after (or, right-aligned, before) the text up to <paramref name="cells"/> cells.</summary>
    public static string Pad(string text, int cells, bool right)
    {
        var padding = new string(' ', Math.Max(0, cells - Of(text)));
        return right ? padding + text : text + padding;
    }
}
