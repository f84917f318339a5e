namespace QuantowerRecorder.Cli.Tables;

/// <summary>Wraps text between words, never inside one, so ids and numbers stay whole.</summary>
internal static class Wrap
{
    /// <summary><paramref name="label"/> then the text; continuation lines indented to the text's column.</summary>
    public static IEnumerable<string> Indented(string label, string text, int? width)
    {
        if (width is not { } limit || CellWidth.Of(label) + CellWidth.Of(text) <= limit)
        {
            yield return (label + text).TrimEnd();
            yield break;
        }

        var indent = new string(' ', CellWidth.Of(label));
        var line = label;
        var empty = true;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && CellWidth.Of(line) + 1 + CellWidth.Of(word) > limit)
            {
                yield return line;
                line = indent;
                empty = true;
            }

            line += (empty ? "" : " ") + word;
            empty = false;
        }

        yield return line;
    }
}
