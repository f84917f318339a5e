using NUnit.Framework;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Cli;

/// <summary>
/// Every help screen fits an 80-column terminal (docs/cli.md, "Text and the terminal's width"): the top level's and every
/// command's and subcommand's, found as a user finds them, in the "Commands:" lists of the help itself. Measured as the
/// widest terminal draws it: a character of East Asian ambiguous width (…, —, ×) takes two cells in a CJK locale and in
/// some fonts, so `runs --help`'s "(postgresql://… or Host=…," line, 79 cells where "…" takes one, took 81 there.
/// </summary>
[TestFixture]
public sealed class HelpWidthTests
{
    private const int Width = 80;

    [Test]
    public void Every_help_screen_fits_80_columns_on_a_terminal_and_to_a_pipe_with_COLUMNS()
    {
        using var db = new TempDatabase();
        var screens = Screens(db.Folder, []).ToList();
        Assert.That(screens.Select(s => string.Join(' ', s)), Does.Contain("runs").And.Contain("study group").And.Contain("whatif"),
            "every command is reached");

        var wider = new List<string>();
        foreach (var command in screens)
        {
            foreach (var terminal in new[] { true, false })
            {
                var run = Cli.Run(db.Folder, env => env with { Columns = Width, IsTerminal = terminal, ErrorIsTerminal = terminal }, [.. command, "--help"]);
                Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
                wider.AddRange(Lines(run.Out).Where(l => Widest(l) > Width)
                    .Select(l => $"recorder {string.Join(' ', command.Append("--help"))} ({(terminal ? "terminal" : "pipe")}), {Widest(l)} columns: {l}"));
            }
        }

        Assert.That(wider, Is.Empty, string.Join('\n', wider));
    }

    // The command paths whose help the top level's help leads to: each command listed under "Commands:", and theirs.
    private static IEnumerable<string[]> Screens(string folder, string[] path)
    {
        yield return path;
        var help = Cli.Run(folder, [.. path, "--help"]).Out;
        var listed = Lines(help).SkipWhile(l => l.Trim() != "Commands:").Skip(1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal));
        foreach (var line in listed)
        {
            // A command's row starts with its name, two columns in; its description's wrapped lines start further in.
            if (line.Length > 2 && line[2] != ' ')
            {
                foreach (var sub in Screens(folder, [.. path, line.Trim().Split(' ')[0]]))
                {
                    yield return sub;
                }
            }
        }
    }

    // The line's width with the characters of East Asian ambiguous width a help text could hold taken as two cells: the
    // Latin-1 ones, and General Punctuation, Letterlike Symbols to Mathematical Operators, and Enclosed Alphanumerics to
    // Dingbats taken whole (which counts a few neutral ones too: the stricter reading). Else as CellWidth measures it.
    private static int Widest(string line) =>
        CellWidth.Of(line) + line.Count(c => c is '¡' or '§' or '¨' or '°' or '±' or '´' or '¶' or '·' or '¿' or '×' or '÷'
                                              or (>= '\u2010' and <= '\u203E') or (>= '\u2100' and <= '\u22FF')
                                              or (>= '\u2460' and <= '\u27BF') && CellWidth.Of(c.ToString()) == 1);

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").Split('\n');
}
