using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Cli.Infrastructure;

/// <summary>
/// Opens the database the way each command needs: read-only for the commands that only look (so a mistake can never
/// change the file), writable only for the commands that are meant to write, and only when the file already exists.
/// </summary>
internal static class DatabaseAccess
{
    static DatabaseAccess() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public static SqliteConnection OpenRead(string path) => DatabaseFile.OpenForReading(path);

    /// <summary>Opens an existing file for reading; a missing one fails with where the plugin writes.</summary>
    public static SqliteConnection OpenRead(string path, CliEnvironment env)
    {
        try
        {
            return DatabaseFile.OpenForReading(path);
        }
        catch (RecorderDatabaseException missing) when (missing.Problem == DatabaseProblem.Missing)
        {
            throw new CliException(
                $"No such database file: {path}. The Quantower plugin writes to {env.PluginDatabase} unless its " +
                "\"Database file\" input says otherwise; pass that file with --db <file> or set RECORDER_DB. " +
                "For a demo database here: recorder demo",
                ExitCodes.Database);
        }
    }

    /// <summary>Opens an existing file for writing (migrating it if it is older); never creates one.</summary>
    public static SqliteConnection OpenWrite(string path, CliEnvironment env)
    {
        // OpenForReading gives the clear "missing / not ours / too new" errors before anything is written.
        using (OpenRead(path, env))
        {
        }

        return DatabaseFile.OpenForWriting(path, env.Time, env.LockWait);
    }

    public static bool HasTable(SqliteConnection connection, string table) =>
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @table", new { table }) > 0;

    /// <summary>Fails with the next step when the file predates the derived analytics tables (schema v3).</summary>
    public static void RequireDerivedTables(SqliteConnection connection, string path)
    {
        if (!HasTable(connection, "run_trades"))
        {
            var version = connection.ExecuteScalar<long>("PRAGMA user_version");
            throw new CliException(
                string.Create(CultureInfo.InvariantCulture,
                    $"{path} has schema version {version}, before trades and equity were stored. Run `recorder analyze --all --db \"{path}\"` to upgrade it and compute them."),
                ExitCodes.Database);
        }
    }
}
