using System.CommandLine;
using QuantowerRecorder.Cli.Artifacts;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Artifacts;
using QuantowerRecorder.Cli.Runs;

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
            foreach (var runId in runIds)
            {
                var folder = Path.Combine(root, runId);
                ArtifactFolder.Written? written = null;
                ParquetExport.Write(folder, () =>
                {
                    written = RunArtifacts.Write(reader, runId, folder, context.Time);
                    return Task.CompletedTask;
                });
                var done = written!;
                context.Line($"Wrote {done.Manifest.Files.Count + 1} file(s) of run {runId} to {folder} (manifest SHA-256 {done.ManifestSha256})");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
