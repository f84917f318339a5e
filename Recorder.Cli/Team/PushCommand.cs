using System.CommandLine;
using System.Globalization;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.Storage.PostgreSql;
using QuantowerRecorder.Storage.PostgreSql.Push;

namespace QuantowerRecorder.Cli.Team;

/// <summary>
/// `recorder push`: copies recorder files into the team's PostgreSQL database (docs/team-store.md). The connection
/// string comes from --to, --to-file or $RECORDER_TEAM_DB; its password is never printed.
/// </summary>
internal static class PushCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("files") { Description = "Recorder files to push (default: the database of --db / $RECORDER_DB / recorder.db).", Arity = ArgumentArity.ZeroOrMore };
        var to = new Option<string?>("--to") { Description = "The team database: Host=...;Database=...;Username=... or postgresql://user@host/db (else $RECORDER_TEAM_DB)." };
        var toFile = new Option<string?>("--to-file") { Description = "A file whose first line is the team database's connection string (keeps the password off the command line)." };
        var chunkRows = new Option<int>("--chunk-rows") { Description = "About how many rows one transaction carries (whole runs).", DefaultValueFactory = _ => 50_000 };
        var command = new Command("push", "Copy recorder files into the team's PostgreSQL database: only what is new, conflicts reported.")
        {
            files, to, toFile, chunkRows,
        };
        command.SetAction(parse =>
        {
            var connectionString = ConnectionString(context, parse.GetValue(to), parse.GetValue(toFile));
            if (connectionString is null)
            {
                context.Error("No team database: give --to <connection string>, --to-file <file>, or set RECORDER_TEAM_DB.");
                return ExitCodes.Usage;
            }

            var paths = parse.GetValue(files) is { Length: > 0 } given
                ? given.Select(context.FullPath).ToList()
                : [context.DatabaseFile(parse)];
            if (parse.GetValue(chunkRows) < 1)
            {
                context.Error("--chunk-rows must be at least 1.");
                return ExitCodes.Usage;
            }

            return Push(context, parse, connectionString, paths, parse.GetValue(chunkRows));
        });
        return command;
    }

    private static int Push(CliContext context, ParseResult parse, string connectionString, List<string> paths, int chunkRows)
    {
        // The bar is made once the pusher is connected; a chunk committed before then has nothing to tell.
        PushProgress? steps = null;
        var options = new PushOptions { ChunkRows = chunkRows, Time = context.Time, AfterRuns = runs => steps?.Pushed(runs) };
        TeamPusher pusher;
        try
        {
            pusher = TeamPusher.Connect(connectionString, options);
        }
        catch (TeamStoreException ex)
        {
            context.Error(ConnectionStrings.Scrub(ex.Message, connectionString));
            return ExitCodes.Database;
        }

        using (pusher)
        {
            context.Line($"Pushing to {ConnectionStrings.Masked(connectionString)}");
            // Each file's outcome is printed after the bar has gone: a line written under it would be drawn over.
            var outcomes = context.WithProgress(parse, "Pushing runs", progress =>
            {
                steps = new PushProgress(progress, PushProgress.Count(context.Env, paths));
                var pushed = new List<(FilePushResult? Result, string? Error)>();
                foreach (var path in paths)
                {
                    try
                    {
                        pushed.Add((pusher.Push(path), null));
                    }
                    catch (TeamStoreException ex)
                    {
                        // One unusable file does not stop the others; the exit code says something failed.
                        pushed.Add((null, ConnectionStrings.Scrub(ex.Message, connectionString)));
                    }

                    steps.FileDone();
                }

                return pushed;
            });

            var conflicts = 0;
            var failed = 0;
            foreach (var (result, error) in outcomes)
            {
                if (result is null)
                {
                    context.Error(error!);
                    failed++;
                    continue;
                }

                context.Line(Summary(result));
                foreach (var conflict in result.Conflicts)
                {
                    context.Line($"  conflict: {conflict.Table} {Wrap.Keep(conflict.Key)}: {conflict.Differences()} (the team database keeps its row; both in team_conflicts)");
                }

                conflicts += result.Conflicts.Count;
            }

            if (conflicts > 0)
            {
                context.Line($"{conflicts} conflict(s): the same natural key with different content. See docs/team-store.md, \"Conflicts\".");
            }

            return failed > 0 ? ExitCodes.Database : conflicts > 0 ? ExitCodes.ProblemFound : ExitCodes.Ok;
        }
    }

    internal static string Summary(FilePushResult r)
    {
        var c = CultureInfo.InvariantCulture;
        if (r.Runs == r.Unchanged && r.RowsSent == 0)
        {
            return string.Create(c, $"{Wrap.Keep(r.Path)}: nothing new ({r.Runs} runs up to date, 0 rows sent).");
        }

        // The journal goes apart from the runs: notes written since the last push are new even when no run is.
        var journal = r.JournalEntries > 0 ? string.Create(c, $" ({r.JournalEntries:N0} of them journal entries)") : "";
        var runs = r.Runs == r.Unchanged
            ? string.Create(c, $"{r.Runs} runs up to date, the journal pushed")
            : string.Create(c, $"{r.Runs - r.Unchanged} of {r.Runs} runs pushed ({r.NewRuns} new, {r.LaterRuns} later, {r.SameRuns} same, {r.EarlierRuns} earlier; {r.Unchanged} up to date)");
        return string.Create(c,
            $"{Wrap.Keep(r.Path)}: {runs}, {r.RowsSent:N0} rows sent, {r.RowsInserted:N0} inserted{journal}, {r.RowsUpdated:N0} updated, {r.RowsDeleted:N0} deleted, {r.Conflicts.Count} conflicts, {r.Chunks} transaction(s).");
    }

    private static string? ConnectionString(CliContext context, string? to, string? toFile)
    {
        if (!string.IsNullOrWhiteSpace(to))
        {
            return to;
        }

        if (!string.IsNullOrWhiteSpace(toFile))
        {
            var path = context.FullPath(toFile);
            if (!File.Exists(path))
            {
                throw new CliException($"--to-file {path} does not exist.");
            }

            return File.ReadLines(path).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'));
        }

        return string.IsNullOrWhiteSpace(context.Env.TeamDatabaseVariable) ? null : context.Env.TeamDatabaseVariable;
    }
}
