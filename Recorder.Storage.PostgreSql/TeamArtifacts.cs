using System.Globalization;
using Dapper;
using Npgsql;
using QuantowerRecorder.Storage.PostgreSql.Schema;

namespace QuantowerRecorder.Storage.PostgreSql;

/// <summary>
/// The one write besides push: the SHA-256 of a manifest.json `recorder artifacts` wrote for a run read from the team
/// store, kept with the run (run_artifacts, team schema 10) as a file keeps it.
/// </summary>
public static class TeamArtifacts
{
    /// <summary>
    /// Records the manifest's SHA-256 (lower-case hex) and how many files it lists; the same manifest again changes
    /// nothing. Brings an older team schema up first, as push does. Throws <see cref="TeamStoreException"/> (password
    /// masked) when the database cannot be written or holds no such run.
    /// </summary>
    public static void RecordManifest(string connectionString, string runId, string manifestSha256, int files, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentNullException.ThrowIfNull(time);
        var masked = ConnectionStrings.Masked(connectionString);
        try
        {
            using var connection = new NpgsqlConnection(ConnectionStrings.Normalize(connectionString));
            connection.Open();
            TeamMigrator.Migrate(connection, time);
            var inserted = connection.Execute("""
                INSERT INTO run_artifacts(run_id, manifest_sha256, files, written_utc)
                SELECT run_id, @sha, @files, @at FROM strategy_runs WHERE run_id = @run
                ON CONFLICT DO NOTHING
                """, new
                {
                    run = runId, sha = manifestSha256, files = (long)files, at = Timestamps.Format(time.GetUtcNow()),
                });
            if (inserted == 0
                && connection.ExecuteScalar<long>("SELECT COUNT(*) FROM strategy_runs WHERE run_id = @run", new { run = runId }) == 0)
            {
                throw new TeamStoreException($"The team database {masked} holds no run {runId}.");
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            throw new TeamStoreException(
                ConnectionStrings.Scrub($"The team database {masked} cannot be written: {ex.Message}", connectionString), ex);
        }
    }
}
