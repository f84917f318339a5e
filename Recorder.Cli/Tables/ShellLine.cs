namespace QuantowerRecorder.Cli.Tables;

/// <summary>
/// A command for the user to type (the demo's "Next, try" lines), indented by two spaces. A command too long for the
/// line is broken between its words and continued as the shell continues a line: " \" in bash, zsh and sh, " `" in
/// PowerShell (Windows), so that the lines pasted together are the command; the continuation lines are indented
/// further. A word (a quoted path) is never broken, nor an option from its value.
/// </summary>
internal static class ShellLine
{
    private const string Indent = "  ";
    private const string Continued = "      ";

    public static IEnumerable<string> Lines(IReadOnlyList<string> words, int? width, bool windows)
    {
        var whole = Indent + string.Join(' ', words.Select(Quote));
        if (width is not { } limit || CellWidth.Of(whole) <= limit)
        {
            yield return whole;
            yield break;
        }

        var mark = windows ? " `" : " \\";
        var units = Units(words, limit - Continued.Length - mark.Length);
        var line = Indent + units[0];
        for (var i = 1; i < units.Count; i++)
        {
            // The continuation mark must fit too, unless this is the last word.
            var reserve = i == units.Count - 1 ? 0 : mark.Length;
            if (CellWidth.Of(line) + 1 + CellWidth.Of(units[i]) + reserve > limit)
            {
                yield return line + mark;
                line = Continued + units[i];
                continue;
            }

            line += " " + units[i];
        }

        yield return line;
    }

    // An option and its value stay on one line ("--db <file>", "-o report.html") where a line can hold them; the rest
    // word by word.
    private static List<string> Units(IReadOnlyList<string> words, int room)
    {
        var units = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            var pair = words[i].StartsWith('-') && i + 1 < words.Count && !words[i + 1].StartsWith('-')
                && CellWidth.Of(Quote(words[i]) + " " + Quote(words[i + 1])) <= room;
            units.Add(pair ? Quote(words[i]) + " " + Quote(words[++i]) : Quote(words[i]));
        }

        return units;
    }

    /// <summary>A word as the shells take it: in double quotes when it holds a space or a character they would read.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsLetterOrDigit(c) || "-_./:=,+@%".Contains(c, StringComparison.Ordinal)) ? word : "\"" + word + "\"";
}
