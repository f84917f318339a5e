using System.CommandLine;
using System.Globalization;
using QuantowerRecorder.Cli.Infrastructure;
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

            return Merge(context, target, sources, parse.GetValue(json));
        });
        return command;
    }

    private static int Merge(CliContext context, string target, List<string> sources, bool asJson)
    {
        using var merge = RecorderMerge.Open(target, new MergeOptions { Time = context.Time });
        if (!asJson)
        {
            context.Env.Out.WriteLine($"Merging into {target}");
        }

        var results = new List<FileMergeResult>();
        var failures = new List<(string Path, string Message)>();
        foreach (var source in sources)
        {
            try
            {
                var result = merge.Merge(source);
                results.Add(result);
                if (!asJson)
                {
                    Print(context, result, target);
                }
            }
            catch (RecorderDatabaseException ex)
            {
                // One unusable file does not stop the others (each is its own transaction); the exit code says so.
                failures.Add((source, ex.Message));
                context.Error(ex.Message);
            }
        }

        var conflicts = results.Sum(r => r.NewConflicts);
        if (asJson)
        {
            WriteJson(context, target, results, failures);
        }
        else if (results.Sum(r => r.Conflicts.Count) > 0)
        {
            context.Env.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{conflicts} new conflict(s), {results.Sum(r => r.Conflicts.Count) - conflicts} kept by an earlier merge: the same natural key with different content. See docs/team-store.md, \"Merge\"."));
        }

        return failures.Count > 0 ? ExitCodes.Database : conflicts > 0 ? ExitCodes.ProblemFound : ExitCodes.Ok;
    }

    private static void Print(CliContext context, FileMergeResult r, string target)
    {
        var c = CultureInfo.InvariantCulture;
        var migrated = r.MigratedFromVersion is { } v ? string.Create(c, $" (schema version {v}, read from a migrated copy)") : "";
        var quarantine = r.QuarantineCopied > 0 ? string.Create(c, $", {r.QuarantineCopied:N0} quarantined event(s) copied") : "";
        // Straight to the output, unwrapped: a path or a conflict's values are never split over lines.
        var output = context.Env.Out;
        output.WriteLine(string.Create(c,
            $"{r.Path}{migrated}: {r.Runs} runs ({r.NewRuns} new, {r.LaterRuns} later, {r.SameRuns} same, {r.EarlierRuns} earlier), " +
            $"{r.RowsInserted:N0} rows inserted, {r.RowsUpdated:N0} updated, {r.NewConflicts} conflicts{quarantine}."));
        var name = Path.GetFileName(target);
        foreach (var conflict in r.Conflicts)
        {
            output.WriteLine(conflict.AlreadyKept
                ? $"  conflict (kept by an earlier merge): {conflict.Table} {conflict.Key}: {conflict.Differences()}"
                : $"  conflict: {conflict.Table} {conflict.Key}: {conflict.Differences()} ({name} keeps its row; the incoming row is in ingest_quarantine)");
        }
    }

    private static void WriteJson(CliContext context, string target, List<FileMergeResult> results, List<(string Path, string Message)> failures) =>
        JsonOut.Write(context.Env.Out, w =>
        {
            w.WriteStartObject();
            w.WriteString("target", target);
            w.WriteNumber("new_conflicts", results.Sum(r => r.NewConflicts));
            w.WriteStartArray("files");
            foreach (var r in results)
            {
                w.WriteStartObject();
                w.WriteString("path", r.Path);
                if (r.MigratedFromVersion is { } v)
                {
                    w.WriteNumber("migrated_from_version", v);
                }
                else
                {
                    w.WriteNull("migrated_from_version");
                }

                w.WriteStartObject("runs");
                w.WriteNumber("total", r.Runs);
                w.WriteNumber("new", r.NewRuns);
                w.WriteNumber("later", r.LaterRuns);
                w.WriteNumber("same", r.SameRuns);
                w.WriteNumber("earlier", r.EarlierRuns);
                w.WriteEndObject();
                w.WriteNumber("rows_inserted", r.RowsInserted);
                w.WriteNumber("rows_updated", r.RowsUpdated);
                w.WriteNumber("quarantine_copied", r.QuarantineCopied);
                w.WriteStartArray("tables");
                foreach (var t in r.Tables)
                {
                    w.WriteStartObject();
                    w.WriteString("table", t.Table);
                    w.WriteNumber("inserted", t.Inserted);
                    w.WriteNumber("updated", t.Updated);
                    w.WriteNumber("conflicts", t.Conflicts);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("conflicts");
                foreach (var conflict in r.Conflicts)
                {
                    w.WriteStartObject();
                    w.WriteString("table", conflict.Table);
                    w.WriteString("key", conflict.Key);
                    w.WriteString("run_id", conflict.RunId);
                    w.WriteString("differences", conflict.Differences());
                    w.WriteBoolean("kept_by_earlier_merge", conflict.AlreadyKept);
                    w.WritePropertyName("stored");
                    w.WriteRawValue(conflict.StoredJson);
                    w.WritePropertyName("incoming");
                    w.WriteRawValue(conflict.IncomingJson);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("failed");
            foreach (var (path, message) in failures)
            {
                w.WriteStartObject();
                w.WriteString("path", path);
                w.WriteString("error", message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
}
