using QuantowerRecorder.Artifacts;
using QuantowerRecorder.Cli.Infrastructure;

namespace QuantowerRecorder.Cli.Artifacts;

/// <summary>`recorder verify --artifacts DIR`: every file of each run folder against its manifest; 0 only when all match.</summary>
internal static class ArtifactsVerify
{
    public static int Run(CliContext context, string folder)
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

        var bad = 0;
        foreach (var run in runs)
        {
            var outcome = ArtifactCheck.Check(run, RunArtifacts.Parse);
            if (outcome.Problems.Count == 0)
            {
                context.Line($"OK    {run}: {outcome.Manifest!.Files.Count} file(s) match the manifest (SHA-256 {outcome.ManifestSha256})");
                continue;
            }

            bad++;
            context.Line($"FAIL  {run}:");
            foreach (var problem in outcome.Problems)
            {
                context.Line($"  {problem}");
            }
        }

        return bad == 0 ? ExitCodes.Ok : ExitCodes.ProblemFound;
    }
}
