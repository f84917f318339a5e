using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Storage.Merging;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>
/// `recorder merge a.db b.db … -o team.db`: the team store's merge into one SQLite file, for teams without a server
/// (docs/team-store.md, "Merge"). The sources are only read; conflicts are reported and kept in ingest_quarantine.
/// </summary>
internal static class MergeCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("files") { Description = "Recorder files to merge (only read, never changed).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--output", "-o") { Description = "The merged file: created when missing, merged into when it exists.", HelpName = "file" };
        var json = CommonOptions.Json();
        var command = new Command("merge", "Merge recorder files into one SQLite file, losslessly: again is a no-op, conflicts are reported and kept.")
        {
            files, output, json,
        };
        command.SetAction(parse =>
        {
            if (string.IsNullOrWhiteSpace(parse.GetValue(output)))
            {
                throw new CliException("No target file: give -o <file> (created when missing, merged into when it exists).");
            }

            var target = context.FullPath(parse.GetValue(output)!);
            var sources = parse.GetValue(files)!.Select(context.FullPath).ToList();
            var same = sources.FirstOrDefault(s => string.Equals(s, target, OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
                ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal));
            if (same is not null)
            {
                throw new CliException($"-o {target} is also one of the files to merge; choose another target file (the sources are never changed).");
            }

            return Merge(context, parse, target, sources, parse.GetValue(json));
        });
        return command;
    }

    private static int Merge(CliContext context, ParseResult parse, string target, List<string> sources, bool asJson)
    {
        if (!asJson)
        {
            context.Line($"Merging into {Wrap.Keep(target)}");
        }

        // Each file's outcome is printed after the bar has gone: a line written under it would be drawn over.
        var outcomes = context.WithProgress(parse, "Merging tables", progress => MergeAll(context, target, sources, progress));
        var results = new List<FileMergeResult>();
        var failures = new List<(string Path, string Message)>();
        foreach (var (source, result, error) in outcomes)
        {
            if (result is not null)
            {
                results.Add(result);
                if (!asJson)
                {
                    Print(context, result, target);
                }
            }
            else
            {
                failures.Add((source, error!));
                context.Error(error!);
            }
        }

        var conflicts = results.Sum(r => r.NewConflicts);
        if (asJson)
        {
            context.Json(new
            {
                Target = target, NewConflicts = conflicts,
                Files = results.Select(r => new
                {
                    r.Path, MigratedFromVersion = r.MigratedFromVersion,
                    Runs = new { Total = r.Runs, New = r.NewRuns, Later = r.LaterRuns, Same = r.SameRuns, Earlier = r.EarlierRuns },
                    r.RowsInserted, r.RowsUpdated, r.QuarantineCopied,
                    Tables = r.Tables.Select(t => new { t.Table, t.Inserted, t.Updated, t.Conflicts }),
                    Conflicts = r.Conflicts.Select(c => new
                    {
                        c.Table, c.Key, c.RunId, Differences = c.Differences(), KeptByEarlierMerge = c.AlreadyKept,
                        Stored = JsonNode.Parse(c.StoredJson), Incoming = JsonNode.Parse(c.IncomingJson),
                    }),
                }),
                Failed = failures.Select(f => new { f.Path, Error = f.Message }),
            });
        }
        else if (results.Sum(r => r.Conflicts.Count) > 0)
        {
            context.Line(string.Create(CultureInfo.InvariantCulture,
                $"{conflicts} new conflict(s), {results.Sum(r => r.Conflicts.Count) - conflicts} kept by an earlier merge: the same natural key with different content. See docs/team-store.md, \"Merge\"."));
        }

        return failures.Count > 0 ? ExitCodes.Database : conflicts > 0 ? ExitCodes.ProblemFound : ExitCodes.Ok;
    }

    // Progress counts tables: every file goes through the same ones, so the total is known before the first. A file
    // whose transaction is tried again (its writer held the lock) goes through them again: its share is the cap.
    private static List<(string Source, FileMergeResult? Result, string? Error)> MergeAll(
        CliContext context, string target, List<string> sources, IProgress<(long Done, long Total)> progress)
    {
        var file = 0;
        var tables = 0;
        var perFile = 0;
        using var merge = RecorderMerge.Open(target, new MergeOptions
        {
            Time = context.Time,
            AfterTable = _ => progress.Report(((long)file * perFile + Math.Min(++tables, perFile), (long)perFile * sources.Count)),
        });
        perFile = merge.TablesPerFile;
        var outcomes = new List<(string, FileMergeResult?, string?)>();
        for (; file < sources.Count; file++)
        {
            tables = 0;
            try
            {
                outcomes.Add((sources[file], merge.Merge(sources[file]), null));
            }
            catch (RecorderDatabaseException ex)
            {
                // One unusable file does not stop the others (each is its own transaction); the exit code says so.
                outcomes.Add((sources[file], null, ex.Message));
            }

            progress.Report(((file + 1L) * perFile, (long)perFile * sources.Count));
        }

        return outcomes;
    }

    private static void Print(CliContext context, FileMergeResult r, string target)
    {
        var c = CultureInfo.InvariantCulture;
        var migrated = r.MigratedFromVersion is { } v ? string.Create(c, $" (schema version {v}, read from a migrated copy)") : "";
        var quarantine = r.QuarantineCopied > 0 ? string.Create(c, $", {r.QuarantineCopied:N0} quarantined event(s) copied") : "";
        // Wrapped between words like all prose; the path and a conflict's key stay whole.
        context.Line(string.Create(c,
            $"{Wrap.Keep(r.Path)}{migrated}: {r.Runs} runs ({r.NewRuns} new, {r.LaterRuns} later, {r.SameRuns} same, {r.EarlierRuns} earlier), " +
            $"{r.RowsInserted:N0} rows inserted, {r.RowsUpdated:N0} updated, {r.NewConflicts} conflicts{quarantine}."));
        var name = Path.GetFileName(target);
        foreach (var conflict in r.Conflicts)
        {
            context.Line(conflict.AlreadyKept
                ? $"  conflict (kept by an earlier merge): {conflict.Table} {Wrap.Keep(conflict.Key)}: {conflict.Differences()}"
                : $"  conflict: {conflict.Table} {Wrap.Keep(conflict.Key)}: {conflict.Differences()} ({Wrap.Keep(name)} keeps its row; the incoming row is in ingest_quarantine)");
        }
    }
}
