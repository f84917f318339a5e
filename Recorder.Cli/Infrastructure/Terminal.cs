using Spectre.Console;

namespace QuantowerRecorder.Cli.Infrastructure;

/// <summary>
/// Spectre consoles over the environment's writers, for a terminal: colour, markup, progress and questions. Text for a
/// pipe or a file never goes through them (<see cref="CliContext.Line"/>, <see cref="CliContext.Warn"/>), because
/// Spectre wraps lines at a width and a pipe has none.
/// </summary>
internal static class Terminal
{
    public static IAnsiConsole Create(TextWriter writer, bool isTerminal) =>
        AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
}
