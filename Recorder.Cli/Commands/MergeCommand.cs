using System.CommandLine;
using System.Globalization;
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
        var outcomes = context.WithProgress(parse, "Merging events", progress => MergeAll(context, target, sources, progress));
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
                    r.Events, r.Stored, r.Repeats, r.QuarantineCopied, r.JournalEntries, r.Artifacts, r.AnalysedRuns,
                    Conflicts = r.Conflicts.Select(c => new { c.EventType, c.RunId, c.Sequence, c.Reason, KeptByEarlierMerge = c.AlreadyKept }),
                }),
                Failed = failures.Select(f => new { f.Path, Error = f.Message }),
            });
        }
        else if (results.Sum(r => r.Conflicts.Count) > 0)
        {
            context.Line(string.Create(CultureInfo.InvariantCulture,
                $"{conflicts} new conflict(s), {results.Sum(r => r.Conflicts.Count) - conflicts} kept by an earlier merge: events the target refused, most often the same natural key with different content. See docs/team-store.md, \"Merge\"."));
        }

        return failures.Count > 0 ? ExitCodes.Database : conflicts > 0 ? ExitCodes.ProblemFound : ExitCodes.Ok;
    }

    // Progress counts each file's raw-log rows as a share of the file: the files' sizes are not known before each is opened.
    private static List<(string Source, FileMergeResult? Result, string? Error)> MergeAll(
        CliContext context, string target, List<string> sources, IProgress<(long Done, long Total)> progress)
    {
        const long PerFile = 1000;
        var file = 0;
        using var merge = RecorderMerge.Open(target, new MergeOptions
        {
            Time = context.Time,
            Progress = (done, total) => progress.Report((file * PerFile + (total == 0 ? PerFile : done * PerFile / total), PerFile * sources.Count)),
        });
        var outcomes = new List<(string, FileMergeResult?, string?)>();
        for (; file < sources.Count; file++)
        {
            try
            {
                outcomes.Add((sources[file], merge.Merge(sources[file]), null));
            }
            catch (RecorderDatabaseException ex)
            {
                // One unusable file does not stop the others; the exit code says so.
                outcomes.Add((sources[file], null, ex.Message));
            }

            progress.Report(((file + 1L) * PerFile, PerFile * sources.Count));
        }

        return outcomes;
    }

    private static void Print(CliContext context, FileMergeResult r, string target)
    {
        var c = CultureInfo.InvariantCulture;
        var migrated = r.MigratedFromVersion is { } v ? string.Create(c, $" (schema version {v}, read from a migrated copy)") : "";
        var besides = new List<string>();
        if (r.QuarantineCopied > 0)
        {
            besides.Add(string.Create(c, $"{r.QuarantineCopied:N0} quarantined event(s) copied"));
        }

        if (r.JournalEntries > 0)
        {
            besides.Add(string.Create(c, $"{r.JournalEntries:N0} journal entr{(r.JournalEntries == 1 ? "y" : "ies")} copied"));
        }

        if (r.Artifacts > 0)
        {
            besides.Add(string.Create(c, $"{r.Artifacts:N0} artifact manifest(s) copied"));
        }

        if (r.AnalysedRuns > 0)
        {
            besides.Add(string.Create(c, $"{r.AnalysedRuns} run(s) analysed"));
        }

        // Wrapped between words like all prose; the path stays whole.
        var besidesText = besides.Count > 0 ? "; " + string.Join(", ", besides) : "";
        context.Line(string.Create(c,
            $"{Wrap.Keep(r.Path)}{migrated}: {r.Runs} runs ({r.NewRuns} new, {r.LaterRuns} later, {r.SameRuns} same, {r.EarlierRuns} earlier), " +
            $"{r.Events:N0} events: {r.Stored:N0} stored, {r.Repeats:N0} held already, {r.NewConflicts} conflicts{besidesText}."));
        var name = Path.GetFileName(target);
        foreach (var conflict in r.Conflicts)
        {
            var what = string.Create(c, $"{conflict.EventType} {Wrap.Keep(conflict.RunId ?? "")} #{conflict.Sequence}: {conflict.Reason}");
            context.Line(conflict.AlreadyKept
                ? $"  conflict (kept by an earlier merge): {what}"
                : $"  conflict: {what} ({Wrap.Keep(name)} keeps its row; the incoming event is in ingest_quarantine)");
        }
    }
}
