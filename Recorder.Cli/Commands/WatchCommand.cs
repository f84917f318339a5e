using System.CommandLine;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Cli.Watch;
using QuantowerRecorder.Storage.Sqlite;
using Spectre.Console;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>
/// `recorder watch [&lt;run&gt; | --study &lt;study&gt;]`: the running runs, one run or one study's passes, redrawn
/// on a terminal whenever the file changes (Spectre's live display) until q or Ctrl+C; one snapshot, as text or
/// `--json`, to a pipe or with `--once`.
/// </summary>
internal static class WatchCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var run = new Argument<string?>("run") { Description = "Watch this run (any unique start of its id); default: the running runs.", Arity = ArgumentArity.ZeroOrOne };
        var study = new Option<string?>("--study") { Description = "Watch a study's passes as they are recorded (its name, or its id or a prefix).", HelpName = "study" };
        var once = new Option<bool>("--once") { Description = "Print one snapshot and leave, on a terminal too." };
        var command = new Command("watch", "A live view of the running runs, one run or a study's passes, redrawn when the file changes; q or Ctrl+C leaves.")
        {
            run, study, once, json,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(run) is not null && parse.GetValue(study) is not null)
            {
                throw new CliException("Watch a run or a study (--study), not both.", ExitCodes.Usage);
            }

            var path = context.DatabaseFile(parse);
            var files = new FileWatch(path, context.Time);
            WatchReader watch;
            WatchSnapshot first;
            using (var reader = DatabaseAccess.OpenRead(path, context.Env))
            {
                var runId = parse.GetValue(run) is { } runText ? RunResolver.Resolve(reader, runText) : null;
                var studyId = parse.GetValue(study) is { } studyText ? StudyCommand.Find(reader, studyText).StudyId : null;
                watch = new WatchReader(runId, studyId);
                first = files.First(() => watch.Read(reader));
            }

            if (parse.GetValue(json))
            {
                return context.Json(first.Runs.Select(r => r.Record).ToList());
            }

            if (!context.Env.IsTerminal || parse.GetValue(once))
            {
                foreach (var line in WatchText.Lines(path, first, null, context.Time.GetUtcNow(), context.Layout(false), live: false))
                {
                    context.Env.Out.WriteLine(line);
                }

                return ExitCodes.Ok;
            }

            Live(context, path, files, watch, first);
            return ExitCodes.Ok;
        });
        return command;
    }

    // Redraws at every look (the ages move); reads the file again only when its stamp moved, or after a failed read.
    private static void Live(CliContext context, string path, FileWatch files, WatchReader watch, WatchSnapshot first)
    {
        using var leave = new CancellationTokenSource();
        void OnCtrlC(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true;
            leave.Cancel();
        }

        Console.CancelKeyPress += OnCtrlC;
        try
        {
            WatchSnapshot? shown = first;
            string? problem = null;
            Text View() => new(string.Join('\n', WatchText.Lines(path, shown, problem, context.Time.GetUtcNow(), context.Layout(false), live: true)));
            context.Console.Live(View())
                .AutoClear(false)
                .Overflow(VerticalOverflow.Ellipsis)
                .Cropping(VerticalOverflowCropping.Bottom)
                .Start(live =>
                {
                    var keys = Console.IsInputRedirected ? Task.CompletedTask : Task.Run(() => ReadKeys(context.Time, leave));
                    while (!leave.IsCancellationRequested)
                    {
                        if (files.NextAsync(leave.Token).GetAwaiter().GetResult() || problem is not null)
                        {
                            (shown, problem) = ReadAgain(context, path, watch, shown);
                        }

                        live.UpdateTarget(View());
                    }

                    keys.Wait(TimeSpan.FromSeconds(1));
                });
        }
        finally
        {
            Console.CancelKeyPress -= OnCtrlC;
        }
    }

    // A file that went away, is locked or half-copied is said in the view, with the last runs read, and watched on.
    private static (WatchSnapshot? Shown, string? Problem) ReadAgain(CliContext context, string path, WatchReader watch, WatchSnapshot? shown)
    {
        try
        {
            using var reader = DatabaseAccess.OpenRead(path, context.Env);
            return (watch.Read(reader), null);
        }
        catch (Exception e) when (e is CliException or RecorderDatabaseException or SqliteException or IOException or UnauthorizedAccessException)
        {
            return (shown, e is CliException && !File.Exists(path) ? "it is not there." : e.Message);
        }
    }

    private static async Task ReadKeys(TimeProvider time, CancellationTokenSource leave)
    {
        try
        {
            while (!leave.IsCancellationRequested)
            {
                while (Console.KeyAvailable)
                {
                    if (Console.ReadKey(intercept: true).Key is ConsoleKey.Q or ConsoleKey.Escape)
                    {
                        leave.Cancel();
                        return;
                    }
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), time, leave.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
