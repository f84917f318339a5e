using System.CommandLine;
using QuantowerRecorder.Cli.Health;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Storage.Writing;
using Spectre.Console;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>`recorder verify`: is the file healthy? Exit code 0 only when it is.</summary>
internal static class VerifyCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var fix = new Option<bool>("--fix") { Description = "Mark runs left RUNNING by a dead recorder as ABANDONED (writes to the database)." };
        var command = new Command("verify", "Check integrity, schema version, orphaned rows and runs left running; exit code 0 only when healthy.")
        {
            fix, json,
        };
        command.SetAction(parse =>
        {
            var path = context.DatabasePath(parse);
            var results = Check(path, out var abandoned);
            var fixedRuns = 0;
            if (abandoned.Count > 0 && (parse.GetValue(fix) || (!parse.GetValue(json) && context.Confirm($"Mark {abandoned.Count} run(s) left running as ABANDONED?"))))
            {
                // Opening a recorder session ends every run nobody holds as ABANDONED, through the event log like
                // any other event, so a replay of the file agrees with it.
                RecorderSession.Open(path, new RecorderOptions { Time = context.Time, OpenLockWait = context.Env.LockWait }).Close(TimeSpan.FromSeconds(30));
                fixedRuns = abandoned.Count;
                results = Check(path, out _);
            }

            var healthy = results.All(r => r.Status != CheckStatus.Error);
            if (parse.GetValue(json))
            {
                JsonOut.Write(context.Env.Out, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("database", path);
                    w.WriteBoolean("healthy", healthy);
                    w.WriteNumber("marked_abandoned", fixedRuns);
                    w.WriteStartArray("checks");
                    foreach (var r in results)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", r.Name);
                        w.WriteString("status", r.Status.ToString().ToLowerInvariant());
                        w.WriteString("detail", r.Detail);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
            }
            else
            {
                var table = new Table().Border(TableBorder.Rounded).AddColumns("Check", "Result", "Detail");
                foreach (var r in results)
                {
                    var status = r.Status switch
                    {
                        CheckStatus.Ok => "[green]ok[/]",
                        CheckStatus.Warning => "[yellow]warning[/]",
                        _ => "[red]ERROR[/]",
                    };
                    table.AddRow(Markup.Escape(r.Name), status, Markup.Escape(r.Detail));
                }

                context.Console.Write(table);
                if (fixedRuns > 0)
                {
                    context.Line($"Marked {fixedRuns} run(s) ABANDONED.");
                }

                context.Line(healthy ? $"{path} is healthy." : $"{path} has problems (see ERROR rows).");
            }

            return healthy ? ExitCodes.Ok : ExitCodes.ProblemFound;
        });
        return command;
    }

    private static IReadOnlyList<CheckResult> Check(string path, out IReadOnlyList<string> abandoned)
    {
        using var connection = DatabaseAccess.OpenRead(path);
        return HealthCheck.Run(connection, path, out abandoned);
    }
}
