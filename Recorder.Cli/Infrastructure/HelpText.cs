using System.CommandLine;
using System.Text.RegularExpressions;
using QuantowerRecorder.Cli.Tables;

namespace QuantowerRecorder.Cli.Infrastructure;

/// <summary>
/// `--help` fitted to the terminal as every other output is. System.CommandLine writes it unwrapped here and this
/// wraps it between words: its own wrapping cuts a word longer than a column (a path, a long option) in two.
/// </summary>
internal static partial class HelpText
{
    /// <summary>
    /// The narrowest a description column is let to become: a name that would push it narrower (`--sort &lt;…&gt;` with
    /// every key) is put on a line of its own, its description under it at the others' column.
    /// </summary>
    private const int NarrowestText = 36;

    /// <summary>
    /// A command as a list of commands shows it, with an argument that may be left out in brackets: System.CommandLine
    /// writes `reconcile &lt;forward&gt; &lt;backtest&gt;` although the backtest is optional (its usage line says
    /// `[&lt;backtest&gt;]`). Pairs of (as written, as meant), for every command under <paramref name="root"/>.
    /// </summary>
    public static IReadOnlyList<(string Written, string Meant)> OptionalArguments(Command root)
    {
        var labels = new List<(string, string)>();
        void Visit(Command command)
        {
            foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
            {
                var arguments = sub.Arguments.Where(a => !a.Hidden).ToList();
                if (arguments.Any(a => a.Arity.MinimumNumberOfValues == 0))
                {
                    labels.Add((string.Join(" ", arguments.Select(a => $"<{a.Name}>").Prepend(sub.Name)),
                        string.Join(" ", arguments.Select(a => a.Arity.MinimumNumberOfValues == 0 ? $"[<{a.Name}>]" : $"<{a.Name}>").Prepend(sub.Name))));
                }

                Visit(sub);
            }
        }

        Visit(root);
        return labels;
    }

    public static IEnumerable<string> Fit(string help, int? width, IReadOnlyList<(string Written, string Meant)>? labels = null)
    {
        var lines = help.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        foreach (var (written, meant) in labels ?? [])
        {
            for (var j = 0; j < lines.Length; j++)
            {
                if (lines[j].TrimStart(' ').StartsWith(written + "  ", StringComparison.Ordinal))
                {
                    lines[j] = lines[j].Replace(written + "  ", meant + "  ", StringComparison.Ordinal);
                }
            }
        }

        for (var i = 0; i < lines.Length;)
        {
            if (!Row().IsMatch(lines[i]))
            {
                var indent = lines[i][..(lines[i].Length - lines[i].TrimStart(' ').Length)];
                foreach (var wrapped in Wrap.Lines(indent, lines[i].TrimStart(' '), indent, width))
                {
                    yield return wrapped;
                }

                i++;
                continue;
            }

            // A run of options, arguments or commands: their descriptions share one column, as System.CommandLine
            // aligns them, unless one name is so long that the column would leave the descriptions too little room.
            var rows = new List<Match>();
            for (; i < lines.Length && Row().Match(lines[i]) is { Success: true } row; i++)
            {
                rows.Add(row);
            }

            foreach (var wrapped in Block(rows, width))
            {
                yield return wrapped;
            }
        }
    }

    private static IEnumerable<string> Block(List<Match> rows, int? width)
    {
        var names = rows.Select(r => (Indent: r.Groups["name"].Value[..(r.Groups["name"].Value.Length - r.Groups["name"].Value.TrimStart(' ').Length)],
            Name: r.Groups["name"].Value.Trim(), Text: r.Groups["text"].Value)).ToList();
        int Column(IEnumerable<(string Indent, string Name, string Text)> of) =>
            of.Select(n => CellWidth.Of(n.Indent) + CellWidth.Of(n.Name) + 2).DefaultIfEmpty(0).Max();
        var column = Column(names);
        if (width is { } limit && limit - column < NarrowestText)
        {
            column = Column(names.Where(n => CellWidth.Of(n.Indent) + CellWidth.Of(n.Name) + 2 <= limit - NarrowestText));
        }

        var under = new string(' ', column);
        foreach (var (indent, name, text) in names)
        {
            IEnumerable<string> lines = CellWidth.Of(indent) + CellWidth.Of(name) + 2 <= column
                ? Wrap.Indented(indent + name + new string(' ', column - CellWidth.Of(indent) - CellWidth.Of(name)), text, width)
                : Wrap.Lines(indent, Wrap.BreakAfter(name, '|'), indent + "    ", width)
                    .Concat(Wrap.Lines(column > CellWidth.Of(indent) ? under : indent + "  ", text, column > CellWidth.Of(indent) ? under : indent + "  ", width));
            foreach (var line in lines)
            {
                yield return line;
            }
        }
    }

    [GeneratedRegex(@"^(?<name> {2,}\S(?:.*?\S)? {2,})(?<text>\S.*)$")]
    private static partial Regex Row();
}
