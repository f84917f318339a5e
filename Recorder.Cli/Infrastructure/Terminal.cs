using Spectre.Console;

namespace QuantowerRecorder.Cli.Infrastructure;

/// <summary>
/// Spectre consoles over the environment's writers, for a terminal: colour, markup, progress and questions. Text for a
/// pipe or a file never goes through them (<see cref="CliContext.Line"/>, <see cref="CliContext.Warn"/>), because
/// Spectre wraps lines at a width and a pipe has none. On a terminal the width is its own, or COLUMNS when set, the
/// width <see cref="CliContext.Width"/> fits everything else to.
/// </summary>
internal static class Terminal
{
    public static IAnsiConsole Create(TextWriter writer, bool isTerminal, int? columns)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (columns is { } width)
        {
            console.Profile.Width = width;
        }

        return console;
    }
}
