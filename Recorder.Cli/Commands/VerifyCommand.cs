using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Cli.Tables;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>`recorder verify`: is the file healthy? Exit code 0 only when it is.</summary>
internal static class VerifyCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var fix = new Option<bool>("--fix") { Description = "Mark runs left RUNNING by a dead recorder as ABANDONED (writes to the database)." };
        var artifacts = new Option<string?>("--artifacts") { Description = "Check an artifact folder (recorder artifacts) against its manifests, and each manifest against the one the database recorded, instead.", HelpName = "dir" };
        var command = new Command("verify", "Check integrity, schema version, orphaned rows and runs left running; exit code 0 only when healthy.")
        {
            fix, json, artifacts,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(artifacts) is { } folder)
            {
                return Artifacts.ArtifactsVerify.Run(context, parse, folder);
            }

            var path = context.DatabaseFile(parse);
            var asJson = parse.GetValue(json);
            var results = Check(path, context.Env, out var abandoned);
            if (!asJson)
            {
                // The checks and the runs that would be marked come first, so the question below can be answered.
                PrintChecks(context, results);
                if (abandoned.Count > 0)
                {
                    context.Line($"Left RUNNING by a recorder that is no longer alive ({abandoned.Count}):");
                    using var reader = DatabaseAccess.OpenRead(path, context.Env);
                    foreach (var id in abandoned)
                    {
                        context.Line(RunResolver.Line(reader.Runs.Get(id)!));
                    }
                }
            }

            var fixedRuns = 0;
            if (abandoned.Count > 0 && (parse.GetValue(fix) || (!asJson && context.Confirm($"Mark these {abandoned.Count} run(s) ABANDONED?"))))
            {
                // Ended through the event log like any other event, so a replay of the file agrees with it.
                using (var maintenance = DatabaseAccess.OpenMaintenance(path, context.Env))
                {
                    maintenance.MarkAbandoned();
                }

                fixedRuns = abandoned.Count;
                results = Check(path, context.Env, out _);
                if (!asJson)
                {
                    context.Line($"Marked {fixedRuns} run(s) ABANDONED. The checks now:");
                    PrintChecks(context, results);
                }
            }

            var healthy = results.All(r => r.Status != HealthStatus.Error);
            if (asJson)
            {
                context.Json(new
                {
                    Database = path, Healthy = healthy, MarkedAbandoned = fixedRuns,
                    Checks = results.Select(r => new { r.Name, Status = r.Status.ToString().ToLowerInvariant(), r.Detail }),
                });
            }
            else
            {
                context.Line(healthy ? $"{Wrap.Keep(path)} is healthy." : $"{Wrap.Keep(path)} has problems (see ERROR rows).");
            }

            return healthy ? ExitCodes.Ok : ExitCodes.ProblemFound;
        });
        return command;
    }

    private static void PrintChecks(CliContext context, IReadOnlyList<HealthCheckResult> results)
    {
        // One check per line: result and name in fixed columns, the detail (a sentence) wrapped between words under
        // itself, so a run id in it is never split and nothing runs past the terminal's edge.
        var width = context.Layout(wide: false).Width;
        foreach (var r in results)
        {
            var status = r.Status switch { HealthStatus.Ok => "ok", HealthStatus.Warning => "warning", _ => "ERROR" };
            foreach (var line in Wrap.Indented($"{status,-8}{r.Name,-15}", r.Detail, width))
            {
                context.Env.Out.WriteLine(line);
            }
        }
    }

    private static IReadOnlyList<HealthCheckResult> Check(string path, CliEnvironment env, out IReadOnlyList<string> abandoned)
    {
        using var reader = DatabaseAccess.OpenRead(path, env);
        var report = reader.Health.Check();
        abandoned = report.AbandonedRunIds;
        return report.Checks;
    }
}
