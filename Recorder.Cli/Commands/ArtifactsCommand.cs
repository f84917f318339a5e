using System.CommandLine;
using QuantowerRecorder.Cli.Artifacts;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.Artifacts;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Storage.PostgreSql;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>`recorder artifacts &lt;run&gt;… -o DIR`: each run's folder of Parquet and JSON files with a hashed manifest.</summary>
internal static class ArtifactsCommand
{
    public static Command Create(CliContext context)
    {
        var runs = new Argument<string[]>("run") { Description = "Run ids, or unique prefixes of them.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "The folder to write DIR/<run_id>/ into.", HelpName = "dir", Required = true };
        var command = new Command("artifacts", "Write each run's artifacts (summary, metrics, equity, drawdown, trades, bars, fills; Parquet and JSON) with a SHA-256 manifest, for pandas, polars and DuckDB.")
        {
            runs, output,
        };
        command.SetAction(parse =>
        {
            var database = context.Database(parse);
            using var reader = DatabaseAccess.OpenRead(database, context.Env);
            DatabaseAccess.RequireDerivedTables(reader, database);
            // Every run is resolved before anything is written: an unknown one leaves no folder behind.
            var runIds = parse.GetValue(runs)!.Select(t => RunResolver.Resolve(reader, t)).Distinct(StringComparer.Ordinal).ToList();
            var root = context.FullPath(parse.GetValue(output)!);
            // What each run's folder holds is said after the bar has gone (a line written under it would be drawn over),
            // also for the runs written before one failed.
            var folders = new List<(string RunId, string Folder, ArtifactFolder.Written Written)>();
            try
            {
                context.WithProgress(parse, "Writing artifacts", progress =>
                {
                    foreach (var runId in runIds)
                    {
                        var folder = Path.Combine(root, runId);
                        var written = ParquetExport.Write(folder, () => RunArtifacts.WriteAsync(reader, runId, folder, context.Time));
                        Keep(context, database, runId, written);
                        folders.Add((runId, folder, written));
                        progress.Report((folders.Count, runIds.Count));
                    }

                    return folders.Count;
                });
            }
            finally
            {
                foreach (var (runId, folder, written) in folders)
                {
                    // The manifest lists every file but itself: say what the last one is, as verify --artifacts counts the listed ones.
                    context.Line($"Wrote {written.Manifest.Files.Count + 1} files of run {runId} to {Wrap.Keep(folder)}: {written.Manifest.Files.Count} data files " +
                                 $"and manifest.json, which lists them (manifest SHA-256 {written.ManifestSha256}, kept with the run)");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    // The manifest's SHA-256 goes with the run, in the store the run was read from (run_artifacts), for verify.
    private static void Keep(CliContext context, RecorderDatabase database, string runId, ArtifactFolder.Written written)
    {
        if (database is RecorderDatabase.File file)
        {
            using var maintenance = DatabaseAccess.OpenMaintenance(file.Path, context.Env);
            maintenance.RecordArtifactManifest(runId, written.ManifestSha256, written.Manifest.Files.Count);
            return;
        }

        try
        {
            TeamArtifacts.RecordManifest(((RecorderDatabase.Team)database).ConnectionString, runId, written.ManifestSha256, written.Manifest.Files.Count, context.Time);
        }
        catch (TeamStoreException ex)
        {
            throw new CliException(ex.Message, ExitCodes.Database);
        }
    }
}
