using System.Globalization;
using System.Reflection;
using Dapper;
using Npgsql;

namespace QuantowerRecorder.Storage.PostgreSql.Schema;

/// <summary>
/// Brings a team database to the current schema, one numbered migration at a time, each in its own transaction and
/// recorded in team_schema_migrations. A transaction-level advisory lock makes two pushes that start together take
/// turns: the second finds the migrations applied.
/// </summary>
internal static class TeamMigrator
{
    /// <summary>The team schema version this code reads and writes.</summary>
    public const int CurrentVersion = 24;

    /// <summary>The SQLite schema version (PRAGMA user_version) whose tables the team schema holds.</summary>
    public const int SqliteVersion = 26;

    // Index i holds the script that creates version i+1.
    private static readonly string[] Scripts = ["001_recorder_schema.sql", "002_recorder_v5.sql", "003_recorder_v6.sql", "004_recorder_v7.sql", "005_recorder_v8.sql", "006_recorder_v9.sql", "007_recorder_v10.sql", "008_recorder_v11.sql", "009_recorder_v12.sql", "010_recorder_v13.sql", "011_recorder_v14.sql", "012_bars_stored_once.sql", "013_recorder_v15.sql", "014_recorder_v16.sql", "015_recorder_v17.sql", "016_recorder_v18.sql", "017_recorder_v19.sql", "018_recorder_v20.sql", "019_recorder_v21.sql", "020_recorder_v22.sql", "021_events_once.sql", "022_stored_precision.sql", "023_recorder_v25.sql", "024_recorder_v26.sql"];

    // Any constant shared by every recorder process; it only has to differ from other applications' locks.
    private const long LockKey = 0x5152_5445_414D; // "QRTEAM"

    // upTo: an older version only for tests, which build a team store as an older recorder left it.
    public static int Migrate(NpgsqlConnection connection, TimeProvider time, int upTo = CurrentVersion)
    {
        connection.Execute("""
            CREATE TABLE IF NOT EXISTS team_schema_migrations (
              version     integer PRIMARY KEY,
              name        text NOT NULL,
              applied_utc text NOT NULL
            )
            """);
        var applied = 0;
        for (var version = 1; version <= upTo; version++)
        {
            using var tx = connection.BeginTransaction();
            connection.Execute($"SELECT pg_advisory_xact_lock({LockKey})");
            var current = ReadVersion(connection);
            if (current > CurrentVersion)
            {
                throw new TeamStoreException(
                    $"The team database has schema version {current}, newer than this recorder understands ({CurrentVersion}). " +
                    "Update QuantowerRecorder; nothing was changed.");
            }

            if (current >= version)
            {
                tx.Commit();
                continue;
            }

            connection.Execute(ReadScript(Scripts[version - 1]));
            connection.Execute("INSERT INTO team_schema_migrations(version, name, applied_utc) VALUES (@v, @n, @t);" +
                "INSERT INTO schema_meta(key, value) VALUES ('schema_version', @sv), ('sqlite_schema_version', @sq) " +
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value;", new
                {
                    v = version, n = Scripts[version - 1], t = Storage.Timestamps.Format(time.GetUtcNow().UtcDateTime),
                    sv = version.ToString(CultureInfo.InvariantCulture),
                    sq = SqliteVersion.ToString(CultureInfo.InvariantCulture),
                });

            tx.Commit();
            applied++;
        }

        return applied;
    }

    /// <summary>The highest migration applied.</summary>
    /// <param name="connection">
    /// The team database. In its transaction, when it has one: Npgsql runs every command of a connection in its one
    /// transaction.
    /// </param>
    public static int ReadVersion(NpgsqlConnection connection) =>
        connection.ExecuteScalar<int>("SELECT COALESCE(MAX(version), 0) FROM team_schema_migrations");

    private static string ReadScript(string name)
    {
        var resource = $"QuantowerRecorder.Storage.PostgreSql.Migrations.{name}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
