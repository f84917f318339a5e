using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Storage.PostgreSql;
using QuantowerRecorder.Storage.PostgreSql.Analysis;

namespace QuantowerRecorder.Cli.Analysis;

/// <summary>
/// `recorder analyze --db postgresql://…`: analyses runs of the team database and stores the results there
/// (<see cref="TeamAnalyzer"/>): the named run, every run (--all), or by default the runs without stored metrics.
/// </summary>
internal static class TeamRunAnalysis
{
    public static IReadOnlyList<AnalysisSummary> Run(string connectionString, string? runText, bool everything, TimeProvider time,
        IProgress<(long Done, long Total)> progress)
    {
        try
        {
            using var analyzer = TeamAnalyzer.Open(connectionString, time);
            IReadOnlyList<string> runIds = runText is not null ? [RunResolver.Resolve(analyzer.Reader, runText)]
                : everything ? analyzer.Reader.Runs.Ids()
                : analyzer.RunsWithoutAnalysis();
            var again = runIds.Count > 1 ? analyzer.RunsDependingOnOtherInstances(runIds) : [];
            return AnalysisSummary.All(runIds, again, runId => AnalysisSummary.Of(runId, analyzer.Analyze(runId)), progress);
        }
        catch (TeamStoreException ex)
        {
            throw new CliException(ConnectionStrings.Scrub(ex.Message, connectionString), ExitCodes.Database);
        }
        catch (Npgsql.NpgsqlException ex)
        {
            throw new CliException(ConnectionStrings.Scrub($"The team database {ConnectionStrings.Masked(connectionString)} failed: {ex.Message}", connectionString), ExitCodes.Database);
        }
    }
}
