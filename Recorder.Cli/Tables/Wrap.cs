using System.Text;

namespace QuantowerRecorder.Cli.Tables;

/// <summary>
/// Breaks text between words, never inside one, so ids, numbers and paths stay whole: at a space (which the break
/// swallows), or beside a wide character (Chinese and Japanese have no spaces between words). A word wider than the
/// whole line is printed whole on a line of its own, never cut.
/// </summary>
internal static class Wrap
{
    /// <summary>A space no line breaks at: <see cref="Keep"/> puts it into a path or a name that holds spaces.</summary>
    private const char Glue = '\u00A0';

    /// <summary>A place a line may break that prints nothing: <see cref="BreakAfter"/> puts it into a long list.</summary>
    private const char Break = '\u200B';

    /// <summary>
    /// The text marked to stay on one line (a path, an instance name, a date and its time); it prints with ordinary
    /// spaces, so what is copied from the terminal is the real path or name.
    /// </summary>
    public static string Keep(string text) => text.Replace(' ', Glue);

    /// <summary>The text with a place to break after each <paramref name="separator"/> ("&lt;LIVE|PAPER|REPLAY|BACKTEST&gt;").</summary>
    public static string BreakAfter(string text, char separator) => text.Replace(separator.ToString(), separator + Break.ToString(), StringComparison.Ordinal);

    /// <summary>
    /// One line of prose fitted to <paramref name="width"/> (none: as it is). Continuation lines keep the line's own
    /// indent, two more for an indented item, so a list stays readable; text with line breaks is wrapped line by line.
    /// </summary>
    public static IEnumerable<string> Prose(string text, int? width)
    {
        foreach (var line in text.Split('\n'))
        {
            var body = line.TrimEnd('\r');
            var indent = body[..(body.Length - body.TrimStart(' ').Length)];
            var rest = indent.Length == 0 ? "" : indent + "  ";
            foreach (var wrapped in Lines(indent, body[indent.Length..], rest, width))
            {
                yield return wrapped;
            }
        }
    }

    /// <summary>
    /// <paramref name="label"/> then the text; continuation lines indented to the text's column. Where a word of the
    /// text would not fit beside the label (a run id in a narrow terminal), the text starts on the next line instead,
    /// indented two more than the label.
    /// </summary>
    public static IEnumerable<string> Indented(string label, string text, int? width)
    {
        var under = new string(' ', CellWidth.Of(label));
        if (width is { } limit && CellWidth.Of(label) + CellWidth.Of(text) > limit && label.Trim().Length > 0
            && CellWidth.Of(label) + Words(text).Max(w => CellWidth.Of(w.Word)) > limit)
        {
            under = label[..(label.Length - label.TrimStart(' ').Length)] + "  ";
            return Lines(label.TrimEnd(), "", "", width).Concat(Lines(under, text, under, width));
        }

        return Lines(label, text, under, width);
    }

    /// <summary>The text after <paramref name="first"/>, continued after <paramref name="rest"/>, broken only between words.</summary>
    public static IEnumerable<string> Lines(string first, string text, string rest, int? width)
    {
        if (width is not { } limit || CellWidth.Of(first) + CellWidth.Of(text) <= limit)
        {
            yield return Printed((first + text).TrimEnd());
            yield break;
        }

        var line = new StringBuilder(first);
        var used = CellWidth.Of(first);
        var empty = true;
        foreach (var (space, word) in Words(text))
        {
            var needed = CellWidth.Of(word) + (empty ? 0 : CellWidth.Of(space));
            if (!empty && used + needed > limit)
            {
                yield return Printed(line.ToString().TrimEnd());
                line.Clear().Append(rest);
                used = CellWidth.Of(rest);
                empty = true;
                needed = CellWidth.Of(word);
            }

            line.Append(empty ? "" : space).Append(word);
            used += needed;
            empty = false;
        }

        yield return Printed(line.ToString().TrimEnd());
    }

    /// <summary>
    /// The text cut between words to at most <paramref name="cells"/> cells, "…" marking the cut; null when not even
    /// its first word fits (<see cref="Narrowest"/>).
    /// </summary>
    public static string? Cut(string text, int cells)
    {
        if (CellWidth.Of(text) <= cells)
        {
            return text;
        }

        var kept = new StringBuilder();
        foreach (var (space, word) in Words(text))
        {
            var next = kept.Length == 0 ? word : kept + space + word;
            if (CellWidth.Of(next) + 1 > cells)
            {
                break;
            }

            kept.Clear().Append(next);
        }

        return kept.Length == 0 ? null : Printed(kept.ToString().TrimEnd()) + "…";
    }

    /// <summary>The fewest cells <see cref="Cut"/> can bring the text to: its first word and "…", or all of a single word.</summary>
    public static int Narrowest(string text)
    {
        var words = Words(text);
        return words.Count <= 1 ? CellWidth.Of(text) : CellWidth.Of(words[0].Word) + 1;
    }

    // Each word with the spaces before it (kept between words on one line, swallowed by a break).
    private static List<(string Space, string Word)> Words(string text)
    {
        var words = new List<(string, string)>();
        var space = new StringBuilder();
        var word = new StringBuilder();
        void Flush()
        {
            if (word.Length > 0)
            {
                words.Add((space.ToString(), word.ToString()));
                space.Clear();
                word.Clear();
            }
        }

        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == ' ')
            {
                Flush();
                space.Append(' ');
            }
            else if (rune.Value == Break)
            {
                Flush();
            }
            else if (CellWidth.Of(rune) == 2)
            {
                Flush();
                word.Append(rune.ToString());
                Flush();
            }
            else
            {
                word.Append(rune.ToString());
            }
        }

        Flush();
        return words;
    }

    private static string Printed(string text) => text.Replace(Glue, ' ').Replace(Break.ToString(), "", StringComparison.Ordinal);
}
