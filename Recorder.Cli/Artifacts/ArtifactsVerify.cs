using System.CommandLine;
using QuantowerRecorder.Artifacts;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Artifacts;

/// <summary>
/// `recorder verify --artifacts DIR`: every file of each run folder against its manifest, and the manifest against the
/// SHA-256 the database kept when it wrote it (run_artifacts); 0 only when all match.
/// </summary>
internal static class ArtifactsVerify
{
    public static int Run(CliContext context, ParseResult parse, string folder)
    {
        IReadOnlyList<string> runs;
        try
        {
            runs = ArtifactCheck.RunFolders(context.FullPath(folder));
        }
        catch (ArtifactException ex)
        {
            throw new CliException(ex.Message);
        }

        var database = context.Database(parse);
        using var store = database is RecorderDatabase.File { Path: var path } && !File.Exists(path) ? null : DatabaseAccess.OpenRead(database, context.Env);
        if (store is null)
        {
            context.Line($"Manifests not compared with a database: no --db, no $RECORDER_DB, no {CommonOptions.DefaultFileName} here.");
        }

        var bad = 0;
        foreach (var run in runs)
        {
            var outcome = ArtifactCheck.Check(run, RunArtifacts.Parse);
            var problems = outcome.Problems.ToList();
            if (store is not null && outcome is { Manifest: { } manifest, ManifestSha256: { } sha })
            {
                problems.AddRange(Recorded(store, database, manifest.RunId, sha));
            }

            if (problems.Count == 0)
            {
                var kept = store is null ? "" : $", the one {database.Shown} recorded";
                context.Line($"OK    {Wrap.Keep(run)}: the {outcome.Manifest!.Files.Count} files manifest.json lists match it (manifest SHA-256 {outcome.ManifestSha256}{kept})");
                continue;
            }

            bad++;
            context.Line($"FAIL  {Wrap.Keep(run)}:");
            foreach (var problem in problems)
            {
                context.Line($"  {problem}");
            }
        }

        return bad == 0 ? ExitCodes.Ok : ExitCodes.ProblemFound;
    }

    private static IEnumerable<string> Recorded(IRecorderReader store, RecorderDatabase database, string runId, string sha)
    {
        if (store.Runs.Get(runId) is null)
        {
            yield return $"manifest.json: run {runId} is not in {database.Shown} (give the database it was written from with --db)";
            yield break;
        }

        var kept = store.Exports.ArtifactManifests(runId);
        if (kept.Contains(sha, StringComparer.Ordinal))
        {
            yield break;
        }

        yield return kept.Count == 0
            ? $"manifest.json: {database.Shown} recorded no manifest for run {runId} (written from another database? give it with --db)"
            : $"manifest.json: changed (SHA-256 {sha}; {database.Shown} recorded {string.Join(", ", kept)} for run {runId})";
    }
}
