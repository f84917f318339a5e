using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Demo;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>
/// The commands the demo suggests next, each printed so that it works as printed: where `recorder` is not on PATH
/// yet, the README's two install lines come first (run from the clone's root as they stand, or with the clone's path
/// from anywhere else); outside a clone, the hints start this very program by its path.
/// </summary>
internal static class DemoHints
{
    public static void Write(CliContext context, IReadOnlyList<RunSummary> runs, IReadOnlyList<string> single, int idLength, string? db)
    {
        var command = new[] { InstalledCommand.Name };
        if (!InstalledCommand.OnPath(context.Env.SearchPath))
        {
            command = Install(context);
        }

        string[] With(params string[] words) => [.. command, .. words, .. db is null ? [] : new[] { "--db", db }];
        var first = ShortIds.Cut(single[0], idLength);
        var second = ShortIds.Cut(single[^1], idLength);
        context.Line();
        context.Line("Next, try:");
        context.Hint(With("runs"));
        context.Hint(With("show", first));
        context.Hint(With("trades", first));
        context.Hint(With("compare", "Fast 5/20", "Medium 10/30", "Slow 20/60"));
        // The paper run that has a backtest over its own period: how live differed from the backtest, and why.
        if (runs.FirstOrDefault(r => r.RunType == "PAPER" && r.InstanceName == "Medium 10/30") is { } paper)
        {
            context.Hint(With("reconcile", ShortIds.Cut(paper.RunId, idLength)));
            context.Hint(With("insight", ShortIds.Cut(paper.RunId, idLength)));
            // Its recorded entries with other exits, on its own bars (its brackets were 1 % and 2 %).
            context.Hint(With("whatif", ShortIds.Cut(paper.RunId, idLength), "--stops", "0.5%,1%,2%", "--targets", "1%,2%,4%"));
        }

        // A paper run against the band of its backtest's trades: is it still the strategy that was backtested?
        if (runs.FirstOrDefault(r => r.RunType == "PAPER" && r.InstanceName == "Fast 5/20") is { } fast)
        {
            context.Hint(With("drift", ShortIds.Cut(fast.RunId, idLength)));
        }

        context.Hint(With("studies"));
        context.Hint(With("study", DemoRecording.StudyName));
        context.Hint([.. With("report", first, second), "-o", "report.html"]);
        context.Hint([.. With("export", first, "--what", "trades", "--format", "csv"), "-o", "trades.csv"]);
        context.Hint(With("verify"));
        context.Line("Or open the file in DB Browser for SQLite, sqlite3 or pandas.");
    }

    // Says how to install `recorder` and returns how the hints start: `recorder` once installed, else this program.
    private static string[] Install(CliContext context)
    {
        if (InstalledCommand.Clone(context.Env.ProgramFolder) is not { } clone)
        {
            var program = InstalledCommand.ThisProgram(context.Env.ProgramFolder);
            context.Line();
            context.Line("`recorder` is not on PATH, so the commands below start this program by its path (the README's \"Install the recorder command\" puts it on PATH).");
            return program;
        }

        // From the clone's root the README's lines stand as they are; from anywhere else they name the clone.
        var atRoot = string.Equals(Path.GetFullPath(context.Env.CurrentDirectory).TrimEnd(Path.DirectorySeparatorChar),
            clone.TrimEnd(Path.DirectorySeparatorChar), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        context.Line();
        context.Line("`recorder` is not on PATH yet. Install it from this clone as a .NET tool (README, \"Install the recorder command\"):");
        // The clone's path last: wrapped to a narrow terminal, a long path is a line of its own, with no continuation after it.
        context.Hint("dotnet", "pack", "-c", "Release", atRoot ? "Recorder.Cli" : Path.Combine(clone, "Recorder.Cli"));
        context.Hint("dotnet", "tool", "install", "--global", "QuantowerRecorder.Cli", "--add-source", atRoot ? "artifacts/tool" : Path.Combine(clone, "artifacts", "tool"));
        context.Line("then open a new terminal (the first .NET tool installed adds its folder to PATH there).");
        return [InstalledCommand.Name];
    }
}
