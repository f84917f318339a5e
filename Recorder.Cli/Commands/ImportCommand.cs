using System.CommandLine;
using QuantowerRecorder.Cli.Import;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Storage.Writing;
using Spectre.Console;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>`recorder import &lt;events.jsonl&gt;`: appends events in the documented format (docs/events.md).</summary>
internal static class ImportCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var file = new Argument<string>("events") { Description = "A JSON-lines file: one event object per line (docs/events.md)." };
        var command = new Command("import", "Append events from a JSON-lines file; bad lines are reported with their number and skipped.")
        {
            file, json,
        };
        command.SetAction(parse =>
        {
            var eventsPath = context.FullPath(parse.GetValue(file)!);
            if (!File.Exists(eventsPath))
            {
                throw new CliException($"No such events file: {eventsPath}. The format is described in docs/events.md.");
            }

            var path = context.DatabaseFile(parse, creates: true);
            var created = !File.Exists(path);
            var result = context.WithProgress(parse, "Importing events", progress => EventImporter.Import(eventsPath, path, new RecorderOptions { Time = context.Time, OpenLockWait = context.Env.LockWait }, progress));
            if (created && result.Events == 0)
            {
                // Nothing could be read: leave no empty database behind to be mistaken for an import.
                RemoveCreated(path);
                foreach (var (line, error) in result.Skipped.Take(10))
                {
                    context.Warn($"line {line}: {error} — skipped");
                }

                throw new CliException(
                    $"No valid event in {eventsPath} ({result.Lines} line(s) read, {result.Skipped.Count} skipped); no database was created. The format is described in docs/events.md.",
                    ExitCodes.ProblemFound);
            }

            if (parse.GetValue(json))
            {
                context.Json(new
                {
                    Database = path, Created = created, result.Lines, result.Events, result.Committed, result.Duplicates, result.Superseded,
                    result.Quarantined, Skipped = result.Skipped.Select(s => new { Line = s.Line, Error = s.Error }),
                });
            }
            else
            {
                foreach (var (line, error) in result.Skipped)
                {
                    context.Warn($"line {line}: {error} — skipped");
                }

                context.Line($"{(created ? "Created" : result.Committed > 0 ? "Updated" : "Unchanged")} {Wrap.Keep(path)}");
                context.Line($"Read {result.Lines} line(s): {result.Events} event(s) → {result.Committed} stored, " +
                             $"{result.Duplicates} duplicate(s) ignored, " +
                             (result.Superseded > 0 ? $"{result.Superseded} forming-bar update(s) superseded by a newer one, " : string.Empty) +
                             $"{result.Quarantined} quarantined; {result.Skipped.Count} line(s) skipped.");
                if (result.Quarantined > 0)
                {
                    context.Line("Quarantined events are kept with their reason in the ingest_quarantine table.");
                }

                // The import's writer analyses, as it closes, every run whose events it wrote (a run left running as of
                // its newest event): the hint is for the runs it did not touch, or a fresh computation. Events that were
                // all in the file already changed nothing, and say so.
                context.Line(result.Committed > 0
                    ? $"The runs it wrote to are analysed. Analyse every run again with: {Wrap.Keep("recorder analyze --all")}"
                    : "Nothing was new: every event was in the file already, and no table changed.");
            }

            return result.Skipped.Count > 0 || result.Quarantined > 0 ? ExitCodes.ProblemFound : ExitCodes.Ok;
        });
        return command;
    }

    private static void RemoveCreated(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            File.Delete(file);
        }

        if (Directory.Exists(path + ".runs") && !Directory.EnumerateFileSystemEntries(path + ".runs").Any())
        {
            Directory.Delete(path + ".runs");
        }
    }
}
