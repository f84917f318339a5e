using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Demo;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>The commands the demo suggests next, each a line the shell takes as it is printed.</summary>
internal static class DemoHints
{
    public static void Write(CliContext context, IReadOnlyList<RunSummary> runs, IReadOnlyList<string> single, int idLength, string? db)
    {
        var command = new[] { "recorder" };
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
        }

        context.Hint(With("studies"));
        context.Hint(With("study", DemoRecording.StudyName));
        context.Hint([.. With("report", first, second), "-o", "report.html"]);
        context.Hint([.. With("export", first, "--what", "trades", "--format", "csv"), "-o", "trades.csv"]);
        context.Hint(With("verify"));
        context.Line("Or open the file in DB Browser for SQLite, sqlite3 or pandas.");
    }
}
