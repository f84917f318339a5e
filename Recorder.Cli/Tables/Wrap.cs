namespace QuantowerRecorder.Cli.Tables;

/// <summary>Wraps text between words, never inside one, so ids and numbers stay whole.</summary>
internal static class Wrap
{
    /// <summary><paramref name="label"/> then the text; continuation lines indented to the text's column.</summary>
    public static IEnumerable<string> Indented(string label, string text, int? width)
    {
        if (width is not { } limit || label.Length + text.Length <= limit)
        {
            yield return (label + text).TrimEnd();
            yield break;
        }

        var indent = new string(' ', label.Length);
        var line = label;
        var empty = true;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && line.Length + 1 + word.Length > limit)
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
