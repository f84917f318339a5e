using System.Text.RegularExpressions;
using QuantowerRecorder.Cli.Tables;

namespace QuantowerRecorder.Cli.Infrastructure;

/// <summary>
/// `--help` fitted to the terminal as every other output is. System.CommandLine writes it unwrapped here and this
/// wraps it between words: its own wrapping cuts a word longer than a column (a path, a long option) in two.
/// </summary>
internal static partial class HelpText
{
    public static IEnumerable<string> Fit(string help, int? width)
    {
        foreach (var line in help.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'))
        {
            // An option, argument or command and its description: the description continues under itself.
            // An option's values may break after each "|" where the list is wider than the terminal.
            var row = Row().Match(line);
            var indent = line[..(line.Length - line.TrimStart(' ').Length)];
            var lines = !row.Success ? Wrap.Lines(indent, line.TrimStart(' '), indent, width)
                : width is { } limit && CellWidth.Of(row.Groups["name"].Value.TrimEnd()) > limit - 2
                    ? Wrap.Lines(indent, Wrap.BreakAfter(row.Groups["name"].Value.Trim(), '|'), indent + "    ", width)
                        .Concat(Wrap.Lines(indent + "  ", row.Groups["text"].Value, indent + "  ", width))
                    : Wrap.Indented(row.Groups["name"].Value, row.Groups["text"].Value, width);
            foreach (var wrapped in lines)
            {
                yield return wrapped;
            }
        }
    }

    [GeneratedRegex(@"^(?<name> {2,}\S(?:.*?\S)? {2,})(?<text>\S.*)$")]
    private static partial Regex Row();
}
