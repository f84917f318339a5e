using System.Globalization;
using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Storage.Sqlite;

/// <summary>
/// Brings a file to the current schema: creates it from schema.sql when new, upgrades older versions in place one
/// migration at a time, refuses newer ones. All of it under BEGIN IMMEDIATE, so two processes opening a fresh file at
/// once take turns: the second finds the schema already there.
/// </summary>
internal static class Migrator
{
    /// <summary>The schema version this code reads and writes.</summary>
    public const int CurrentVersion = 26;

    // Index i holds the script that upgrades version i+1 to i+2. Version 1 is the seed's design.
    private static readonly string[] Upgrades = ["002_additions.sql", "003_derived_analytics.sql", "004_instruments.sql", "005_smaller_files.sql", "006_insight.sql", "007_instance_pooled_rates.sql", "008_raw_log_without_run_ids.sql", "009_bars_stored_once.sql", "010_studies.sql", "011_equity_stretches.sql", "012_shared_bars_as_events.sql", "013_artifact_manifests.sql", "014_equity_compact.sql", "015_bar_data_changes.sql", "016_journal.sql", "017_bars_by_market.sql", "018_equity_points.sql", "019_equity_marked_on_bars.sql", "020_series_unseen.sql", "021_population_indexes.sql", "022_per_run_views.sql", "023_events_once.sql", "024_stored_precision.sql", "025_equity_view_without_triggers.sql", "026_equity_rows_from_series_bars.sql"];

    /// <summary>
    /// Migrates, trying again while another connection holds the file (two processes opening a fresh file at once),
    /// through <see cref="BusyFile"/> on <paramref name="time"/> for up to <paramref name="lockWait"/>.
    /// </summary>
    public static void Migrate(SqliteConnection connection, string path, TimeProvider time, TimeSpan lockWait)
    {
        try
        {
            BusyFile.Run(time, lockWait, (connection, path, time), static s =>
            {
                MigrateOnce(s.connection, s.path, s.time);
                return true;
            });
        }
        catch (SqliteException ex)
        {
            throw DatabaseFile.Translate(ex, path);
        }
    }

    private static void MigrateOnce(SqliteConnection connection, string path, TimeProvider time)
    {
        WriteTransaction.Run(connection, () =>
        {
            var version = ReadVersion(connection, path);
            if (version > CurrentVersion)
            {
                throw TooNew(path, version);
            }

            var now = Timestamps.Format(time.GetUtcNow());
            if (version == 0)
            {
                if (HasTables(connection))
                {
                    throw NotOurs(path);
                }

                connection.Execute(ReadResource("QuantowerRecorder.Storage.schema.sql"));
                SetMeta(connection, "created_utc", now);
                SetMeta(connection, "created_by", CreatedBy());
            }
            else
            {
                for (var v = version; v < CurrentVersion; v++)
                {
                    connection.Execute(ReadResource($"QuantowerRecorder.Storage.Migrations.{Upgrades[v - 1]}"));

                    SetMeta(connection, $"migrated_to_{v + 1}_utc", now);
                }
            }

            if (version != CurrentVersion)
            {
                SetMeta(connection, "schema_version", CurrentVersion.ToString(CultureInfo.InvariantCulture));
                connection.Execute($"PRAGMA user_version = {CurrentVersion};");
            }
        });
    }

    /// <summary>
    /// The file's schema version: PRAGMA user_version, or 1 for a file built from the seed's design by another tool
    /// (no user_version, but the design's tables), or 0 for an empty file.
    /// </summary>
    public static int ReadVersion(SqliteConnection connection, string path)
    {
        try
        {
            var version = connection.ExecuteScalar<int>("PRAGMA user_version;");
            if (version != 0)
            {
                return version;
            }

            var designTables = connection.ExecuteScalar<int>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN " +
                "('strategies','strategy_instances','strategy_runs','orders','executions','ingest_events');");
            return designTables == 6 ? 1 : 0;
        }
        catch (SqliteException ex)
        {
            throw DatabaseFile.Translate(ex, path);
        }
    }

    /// <summary>The version of a file to be read as it is: refused when it is newer than this code or not a recorder database.</summary>
    public static int ReadableVersion(SqliteConnection connection, string path)
    {
        var version = ReadVersion(connection, path);
        return version > CurrentVersion ? throw TooNew(path, version)
            : version == 0 ? throw NotOurs(path)
            : version;
    }

    internal static RecorderDatabaseException TooNew(string path, int version) =>
        new(DatabaseProblem.SchemaTooNew, path,
            $"{path} has schema version {version}, newer than this recorder understands ({CurrentVersion}). " +
            "Update QuantowerRecorder to open it; the file was left untouched.");

    internal static RecorderDatabaseException NotOurs(string path) =>
        new(DatabaseProblem.NotRecorderDatabase, path,
            $"{path} is an SQLite database but not a recorder database. Choose another file name; nothing was changed.");

    internal static bool HasTables(SqliteConnection connection) =>
        connection.ExecuteScalar<int>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table';") > 0;

    private static void SetMeta(SqliteConnection connection, string key, string value) =>
        connection.Execute("INSERT INTO schema_meta(key, value) VALUES (@key, @value) ON CONFLICT(key) DO UPDATE SET value = excluded.value;", new { key, value });

    private static string CreatedBy() =>
        "QuantowerRecorder " + (typeof(Migrator).Assembly.GetName().Version?.ToString() ?? "unknown");

    internal static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
