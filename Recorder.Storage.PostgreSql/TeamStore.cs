using Dapper;
using Npgsql;
using QuantowerRecorder.Storage.PostgreSql.Schema;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Storage.PostgreSql;

/// <summary>
/// The team store's read side: Storage's read API (<see cref="IRecorderReader"/>) answered from the PostgreSQL team
/// database, with the same SQL as a recorder file (docs/team-store.md, "Reading"). Only reads: every call runs in a
/// read-only, repeatable-read transaction.
/// </summary>
public static class TeamStore
{
    /// <summary>
    /// Whether <paramref name="text"/> names a PostgreSQL database rather than a file: a postgresql:// or postgres://
    /// URL, or the keyword form with a Host (or Server) key ("Host=db;Database=team").
    /// </summary>
    public static bool IsConnectionString(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        // A file path may hold '=' but does not start with a key such as "Host=".
        return ConnectionStrings.IsUrl(trimmed)
            || (trimmed.Split(';').Select(p => p.Split('=', 2)).Any(kv =>
                    kv.Length == 2 && (kv[0].Trim().Equals("Host", StringComparison.OrdinalIgnoreCase) || kv[0].Trim().Equals("Server", StringComparison.OrdinalIgnoreCase)))
                && trimmed.Split(';')[0].Contains('=', StringComparison.Ordinal));
    }

    /// <summary>
    /// A token that changes when a push wrote to the team database (docs/team-store.md): the files pushed, when each was
    /// last, and the runs' marks. What `recorder serve --db postgresql://…` looks at between reads to follow pushes; a
    /// team `analyze` is seen with the next push. Throws <see cref="TeamStoreException"/> (password masked) when the
    /// database cannot be read.
    /// </summary>
    public static string PushStamp(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        try
        {
            using var connection = new NpgsqlConnection(ConnectionStrings.Normalize(connectionString));
            connection.Open();
            using var command = new NpgsqlCommand("""
                SELECT (SELECT count(*) FROM team_sources) || '|' || COALESCE((SELECT max(last_push_utc) FROM team_sources), '')
                    || '|' || (SELECT count(*) FROM team_marks) || '|' || COALESCE((SELECT max(pushed_utc) FROM team_marks), '')
                    || '|' || (SELECT count(*) FROM team_run_versions) || '|' || COALESCE((SELECT sum(version) FROM team_run_versions), 0)
                """, connection);
            return (string)command.ExecuteScalar()!;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            throw new TeamStoreException(ConnectionStrings.Scrub(
                $"The team database {ConnectionStrings.Masked(connectionString)} cannot be read: {ex.Message}", connectionString), ex);
        }
    }

    /// <summary>
    /// Opens a read session on the team database. Throws <see cref="TeamStoreException"/> (password masked) when it
    /// cannot be reached, holds no team schema yet (push first) or has a newer schema than this recorder reads.
    /// </summary>
    public static IRecorderReader OpenRead(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var masked = ConnectionStrings.Masked(connectionString);
        var connection = new NpgsqlConnection(ConnectionStrings.Normalize(connectionString));
        try
        {
            connection.Open();
            var version = SchemaVersion(connection);
            if (version == 0)
            {
                throw new TeamStoreException($"{masked} holds no recorder team schema yet: `recorder push --to …` creates it with the first files.");
            }

            if (version > TeamMigrator.CurrentVersion)
            {
                throw new TeamStoreException(
                    $"{masked} has team schema version {version}, newer than this recorder reads ({TeamMigrator.CurrentVersion}). Update QuantowerRecorder.");
            }

            return RecorderStore.OpenRead(connection, ReadDialect.PostgreSql, masked);
        }
        catch (Exception ex) when (ex is NpgsqlException or TeamStoreException or InvalidOperationException)
        {
            connection.Dispose();
            if (ex is TeamStoreException)
            {
                throw;
            }

            throw new TeamStoreException(
                ConnectionStrings.Scrub($"The team database {masked} cannot be read: {ex.Message}", connectionString), ex);
        }
    }

    private static int SchemaVersion(NpgsqlConnection connection) =>
        (bool)connection.ExecuteScalar("SELECT to_regclass('team_schema_migrations') IS NOT NULL")! ? TeamMigrator.ReadVersion(connection) : 0;
}
