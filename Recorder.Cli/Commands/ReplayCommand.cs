using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Replay;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.Storage.Replay;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>`recorder replay`: rebuilds the normalised tables from ingest_events into a new file and compares.</summary>
internal static class ReplayCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var output = new Option<string?>("--output", "-o") { Description = "The new file to rebuild into (default: <db>.replayed.db; must not exist).", HelpName = "file" };
        var command = new Command("replay", "Rebuild the normalised tables from the raw event log into a new file and report any difference.")
        {
            output, json,
        };
        command.SetAction(parse =>
        {
            var path = context.DatabaseFile(parse);
            // Fails early, with the usual clear message, when the source is missing or not a recorder file.
            DatabaseAccess.OpenRead(path, context.Env).Dispose();

            var target = parse.GetValue(output) is { } o ? context.FullPath(o) : Path.ChangeExtension(path, null) + ".replayed.db";
            if (File.Exists(target))
            {
                throw new CliException($"{target} already exists; replay writes into a new file. Remove it or choose another with -o.");
            }

            var replay = context.WithProgress(parse, "Replaying events", progress => EventReplayer.Rebuild(path, target, context.Time, progress));
            IReadOnlyList<TableDifference> differences;
            using (var original = DatabaseAccess.OpenRead(path, context.Env))
            using (var rebuilt = DatabaseAccess.OpenRead(target, context.Env))
            {
                differences = TableComparer.Compare(original, rebuilt);
            }

            var same = differences.All(d => d.Same);
            if (parse.GetValue(json))
            {
                context.Json(new
                {
                    Database = path, Rebuilt = target, replay.Events, replay.Committed, replay.Quarantined, replay.JournalEntries, Identical = same,
                    Tables = differences.Select(d => new { d.Table, d.OriginalRows, d.RebuiltRows, d.OnlyInOriginal, d.OnlyInRebuilt, d.Changed }),
                });
                return same ? ExitCodes.Ok : ExitCodes.ProblemFound;
            }

            context.Line($"Replayed {replay.Events} event(s) from {Wrap.Keep(path)} into {Wrap.Keep(target)} ({replay.Committed} applied, {replay.Quarantined} quarantined).");
            // Not events: copied as they are (docs/cli.md, "replay").
            context.Line($"Copied its journal: {replay.JournalEntries} note, tag and pin entries.");
            var table = new TextTable(new TextColumn("Table"), new TextColumn("Original rows", true, ShortHeader: "Original"),
                new TextColumn("Rebuilt rows", true, ShortHeader: "Rebuilt"), new TextColumn("Differences", true, ShortHeader: "Diff"));
            foreach (var d in differences)
            {
                var count = d.OnlyInOriginal.Count + d.OnlyInRebuilt.Count + d.Changed.Count;
                table.Add(d.Table, Numbers.Display(d.OriginalRows, "count"), Numbers.Display(d.RebuiltRows, "count"), count == 0 ? "none" : Numbers.Display(count, "count"));
            }

            context.Table(table, wide: false);
            foreach (var d in differences.Where(d => !d.Same))
            {
                foreach (var line in d.OnlyInOriginal.Select(k => $"only in original: {k}")
                             .Concat(d.OnlyInRebuilt.Select(k => $"only in rebuilt: {k}")).Concat(d.Changed.Select(c => $"changed: {c}")).Take(10))
                {
                    context.Line($"  {d.Table}: {line}");
                }
            }

            context.Line(same
                ? "The rebuilt tables are identical to the original: the event log is complete."
                : "The rebuilt file differs from the original (see above). The original is unchanged; compare both in DB Browser.");
            return same ? ExitCodes.Ok : ExitCodes.ProblemFound;
        });
        return command;
    }
}
