using System.Globalization;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.PostgreSql;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Cli.Infrastructure;

/// <summary>
/// Opens the database the way each command needs: Storage's read API for the commands that only look (so a mistake
/// can never change the file), writable only for the commands that are meant to write, and only when the file already
/// exists.
/// </summary>
internal static class DatabaseAccess
{
    /// <summary>
    /// Opens the database for reading: an existing file, or the team store; a missing file fails with where the plugin
    /// writes, an unreachable team store with why (password masked).
    /// </summary>
    public static IRecorderReader OpenRead(RecorderDatabase database, CliEnvironment env)
    {
        if (database is RecorderDatabase.File file)
        {
            return OpenRead(file.Path, env);
        }

        try
        {
            return TeamStore.OpenRead(((RecorderDatabase.Team)database).ConnectionString);
        }
        catch (TeamStoreException ex)
        {
            throw new CliException(ex.Message, ExitCodes.Database);
        }
    }

    /// <summary>Opens an existing file for reading; a missing one fails with where the plugin writes.</summary>
    public static IRecorderReader OpenRead(string path, CliEnvironment env) => Existing(path, env, env.OpenFile);

    /// <summary>Opens an existing file to delete runs or end abandoned ones.</summary>
    public static IRecorderMaintenance OpenMaintenance(string path, CliEnvironment env) =>
        Existing(path, env, p => RecorderStore.OpenMaintenance(p, env.Time, env.LockWait));

    /// <summary>Opens an existing file for writing (migrating it if it is older); never creates one.</summary>
    public static SqliteConnection OpenWrite(string path, CliEnvironment env)
    {
        // Opening it for reading first gives the clear "missing / not ours / too new" errors before anything is written.
        OpenRead(path, env).Dispose();
        return DatabaseFile.OpenForWriting(path, env.Time, env.LockWait);
    }

    /// <summary>Fails with the next step when the file predates the derived analytics tables (schema v3).</summary>
    public static void RequireDerivedTables(IRecorderReader reader, RecorderDatabase database)
    {
        var schema = reader.Health.Schema();
        if (!schema.HasDerivedTables)
        {
            throw new CliException(
                string.Create(CultureInfo.InvariantCulture,
                    $"{database.Shown} has schema version {schema.UserVersion}, before trades and equity were stored. Run `recorder analyze --all --db \"{database.Shown}\"` to upgrade it and compute them."),
                ExitCodes.Database);
        }
    }

    private static T Existing<T>(string path, CliEnvironment env, Func<string, T> open)
    {
        try
        {
            return open(path);
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
}
