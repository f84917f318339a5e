using Spectre.Console;

namespace QuantowerRecorder.Cli.Infrastructure;

/// <summary>Spectre consoles over the environment's writers: styled on a terminal, plain text when captured.</summary>
internal static class Terminal
{
    public static IAnsiConsole Create(TextWriter writer, CliEnvironment env)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = env.IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = env.IsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = env.IsTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!env.IsTerminal)
        {
            // Captured output (pipes, files, tests) has no width of its own; wide enough for every table we print.
            console.Profile.Width = env.Width;
        }

        return console;
    }
}
