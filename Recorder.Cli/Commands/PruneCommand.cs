using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>`recorder prune`: retention. Shows what it would delete unless confirmed (or given --yes).</summary>
internal static class PruneCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var keep = new Option<int?>("--keep") { Description = "Keep the N most recent runs; delete the older ones.", HelpName = "N" };
        var olderThan = new Option<string?>("--older-than") { Description = "Delete runs started before this date (UTC).", HelpName = "date" };
        var yes = new Option<bool>("--yes") { Description = "Delete without asking (for scripts). Without it, nothing is deleted unless you confirm." };
        var includePinned = new Option<bool>("--include-pinned") { Description = "Delete pinned runs too (recorder pin); without it they are kept." };
        var command = new Command("prune", "Delete old runs and all their rows. A dry run unless confirmed or given --yes. Runs still RUNNING, and pinned runs, are never deleted.")
        {
            keep, olderThan, includePinned, yes, json,
        };
        command.SetAction(parse =>
        {
            var keepCount = parse.GetValue(keep);
            var before = DateArgument.Parse(parse.GetValue(olderThan), "--older-than");
            if (keepCount is null && before is null)
            {
                throw new CliException("Say what to delete: --keep N (keep the N newest runs) and/or --older-than <date>.");
            }

            if (keepCount is < 0)
            {
                throw new CliException("--keep must be 0 or more.");
            }

            var path = context.DatabaseFile(parse);
            List<(string RunId, string StartUtc, string RunType, string Status)> doomed;
            IReadOnlyList<RunRowCount> counts;
            var keptPinned = 0;
            using var maintenance = DatabaseAccess.OpenMaintenance(path, context.Env);
            using (var reader = DatabaseAccess.OpenRead(path, context.Env))
            {
                var runs = reader.Runs.List(new RunQuery { Descending = true }).Runs
                    .Select(r => (r.RunId, r.StartUtc, r.RunType, r.Status)).ToList();
                var cutoff = before is { } b ? Timestamps.Format(b) : null;
                doomed = runs.Where((r, index) =>
                        (keepCount is null || index >= keepCount) &&
                        (cutoff is null || string.CompareOrdinal(r.StartUtc, cutoff) < 0) &&
                        !string.Equals(r.Status, "RUNNING", StringComparison.Ordinal))
                    .ToList();
                if (!parse.GetValue(includePinned))
                {
                    // A pinned run is one somebody chose to keep: only --include-pinned deletes it.
                    var pinned = reader.Runs.List(new RunQuery { Pinned = true }).Runs.Select(r => r.RunId).ToHashSet(StringComparer.Ordinal);
                    keptPinned = doomed.RemoveAll(d => pinned.Contains(d.RunId));
                }
                counts = maintenance.CountRows(doomed.Select(d => d.RunId).ToList());
            }

            var asJson = parse.GetValue(json);
            if (!asJson)
            {
                Describe(context, doomed, counts);
                if (keptPinned > 0)
                {
                    context.Line($"Kept {keptPinned} pinned run(s) that would go otherwise; --include-pinned deletes them too.");
                }
            }

            var apply = doomed.Count > 0 && (parse.GetValue(yes) || (!asJson && context.Confirm($"Delete these {doomed.Count} run(s) and all their rows?")));
            if (apply)
            {
                maintenance.DeleteRuns(doomed.Select(d => d.RunId).ToList());
            }

            if (asJson)
            {
                context.Json(new
                {
                    Deleted = apply, Runs = doomed.Select(d => d.RunId), KeptPinned = keptPinned,
                    Rows = counts.ToDictionary(c => c.Table, c => c.Rows, StringComparer.Ordinal),
                });
            }
            else if (doomed.Count == 0)
            {
                context.Line("Nothing to delete.");
            }
            else if (apply)
            {
                context.Line($"Deleted {doomed.Count} run(s). The file keeps its size until vacuumed ({Wrap.Keep($"sqlite3 \"{path}\" VACUUM")}).");
            }
            else
            {
                context.Line("Dry run: nothing was deleted. Add --yes to delete these runs.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Describe(CliContext context, List<(string RunId, string StartUtc, string RunType, string Status)> doomed,
        IReadOnlyList<RunRowCount> counts)
    {
        if (doomed.Count == 0)
        {
            return;
        }

        // Run ids stay whole (they are what a person copies); the rest gives way to fit.
        var runs = new TextTable(new TextColumn("Run to delete"), new TextColumn("Start (UTC)", DropOrder: 3, ShortHeader: "Start"),
            new TextColumn("Type", DropOrder: 2), new TextColumn("Status", DropOrder: 1));
        foreach (var d in doomed)
        {
            runs.Add(d.RunId, Numbers.Time(d.StartUtc), d.RunType, d.Status);
        }

        context.Table(runs, wide: false);
        context.Line("Rows that go with them: " + string.Join(", ", counts.Where(c => c.Rows > 0).Select(c => $"{c.Table} {c.Rows}")));
    }
}
