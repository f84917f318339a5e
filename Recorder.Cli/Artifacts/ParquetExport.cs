using System.CommandLine;
using QuantowerRecorder.Artifacts;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Artifacts;

/// <summary>
/// `recorder export --format parquet`: one table of several runs in one file (each row led by its run_id), or with
/// --all every table of every run as Hive-partitioned datasets (docs/cli.md).
/// </summary>
internal static class ParquetExport
{
    public const string Format = "parquet";

    public static int Run(CliContext context, ParseResult parse, IRecorderReader reader, RecorderDatabase database, IReadOnlyList<string> runTexts, string? kind, bool all, string? output)
    {
        if (output is null)
        {
            throw new CliException(all
                ? "Parquet is binary: give the folder to write with -o DIR."
                : "Parquet is binary: give the file to write with -o FILE.");
        }

        if (all)
        {
            return All(context, parse, reader, database, runTexts, kind, context.FullPath(output));
        }

        if (kind is null)
        {
            throw new CliException($"Say which table with --what ({string.Join(", ", reader.Exports.Kinds)}), or export them all with --all.");
        }

        if (runTexts.Count == 0)
        {
            throw new CliException("Give the run(s) to export, or --all.");
        }

        if (kind is "trades" or "equity")
        {
            DatabaseAccess.RequireDerivedTables(reader, database);
        }

        var runIds = runTexts.Select(t => RunResolver.Resolve(reader, t)).Distinct(StringComparer.Ordinal).ToList();
        var batches = RunTables.WithRunIds(runIds.Select(id => (id, RunTables.Batches(reader, kind, id))));
        var file = context.FullPath(output);
        var rows = Write(file, () => ParquetTable.WriteFileAsync(batches, file));
        context.Line($"Wrote {rows} {kind} row(s) of {runIds.Count} run(s) to {Wrap.Keep(file)}");
        return ExitCodes.Ok;
    }

    private static int All(CliContext context, ParseResult parse, IRecorderReader reader, RecorderDatabase database, IReadOnlyList<string> runTexts, string? kind, string folder)
    {
        if (runTexts.Count > 0 || kind is not null)
        {
            throw new CliException("--all exports every table of every run: give neither runs nor --what with it.");
        }

        DatabaseAccess.RequireDerivedTables(reader, database);
        var runIds = reader.Runs.Ids();
        var files = context.WithProgress(parse, "Exporting runs", progress =>
            Write(folder, () => HiveDataset.WriteAsync(folder, reader.Exports.Kinds, runIds, (k, r) => RunTables.Batches(reader, k, r), progress)));
        context.Line($"Wrote {files} file(s): {reader.Exports.Kinds.Count} table(s) of {runIds.Count} run(s), partitioned by run_id, under {Wrap.Keep(folder)}");
        return ExitCodes.Ok;
    }

    /// <summary>Runs a write, turning a refusal or an I/O failure (a full disk) into a clear error naming the target.</summary>
    public static T Write<T>(string target, Func<Task<T>> write)
    {
        try
        {
            return write().GetAwaiter().GetResult();
        }
        catch (ArtifactException ex)
        {
            throw new CliException(ex.Message);
        }
        catch (IOException ex)
        {
            throw new CliException($"Could not write {target}: {ex.Message}", ExitCodes.ProblemFound);
        }
    }
}
