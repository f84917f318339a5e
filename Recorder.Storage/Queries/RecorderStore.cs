using System.Data.Common;
using QuantowerRecorder.Storage.Journal;
using QuantowerRecorder.Storage.Queries.PostgreSql;
using QuantowerRecorder.Storage.Queries.Sql;
using QuantowerRecorder.Storage.Queries.Sqlite;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// The entry point to a recorder database for everything that is not the recorder itself: a read session for looking
/// (<see cref="OpenRead"/>) and a maintenance session for the few deliberate changes (<see cref="OpenMaintenance"/>).
/// </summary>
public static class RecorderStore
{
    /// <summary>The schema version this code reads and writes.</summary>
    public const int CurrentSchemaVersion = Migrator.CurrentVersion;

    /// <summary>The kinds of table <see cref="IExportReader.Table"/> writes: orders, executions, trades, bars, equity.</summary>
    public static IReadOnlyList<string> ExportKinds => ExportSql.Kinds;

    /// <summary>
    /// Opens an existing file for reading. Nothing can be written through the session (query_only). Throws
    /// <see cref="RecorderDatabaseException"/> when the file is missing, not a recorder database, too new or damaged.
    /// </summary>
    public static IRecorderReader OpenRead(string path) => OpenRead(path, DatabaseFile.NewConnection);

    /// <summary><see cref="OpenRead(string)"/>, the file's connection made by <paramref name="connect"/> from its connection string.</summary>
    internal static IRecorderReader OpenRead(string path, Func<string, Microsoft.Data.Sqlite.SqliteConnection> connect)
    {
        var fullPath = Path.GetFullPath(path);
        return new SqlRecorderReader(new ReadConnection(DatabaseFile.OpenForReading(fullPath, connect), fullPath), c => new SqliteHealthReader(c));
    }

    /// <summary>
    /// Opens a read session on a store reached through ADO.NET: the PostgreSQL team store (<see cref="ReadDialect.PostgreSql"/>;
    /// Recorder.Storage.PostgreSql's TeamStore.OpenRead opens the connection). The session owns
    /// <paramref name="connection"/>, which must be open, and disposes it; every call runs in one read-only transaction.
    /// <paramref name="displayName"/> names the store in messages and must not hold a password.
    /// </summary>
    public static IRecorderReader OpenRead(DbConnection connection, ReadDialect dialect, string displayName)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(dialect);
        if (dialect.IsSqlite)
        {
            throw new ArgumentException("A SQLite file is opened by its path: RecorderStore.OpenRead(path).", nameof(dialect));
        }

        var team = connection as TeamConnection ?? new TeamConnection(connection);
        return new SqlRecorderReader(new ReadConnection(team, displayName, dialect), c => new TeamHealthReader(c));
    }

    /// <summary>
    /// Opens an existing file to delete runs or mark abandoned runs; an older file is migrated first. Never creates a
    /// file. <paramref name="lockWait"/> is how long to wait for another writer's lock.
    /// </summary>
    public static IRecorderMaintenance OpenMaintenance(string path, TimeProvider time, TimeSpan? lockWait = null) =>
        new SqliteMaintenance(path, time, lockWait);

    /// <summary>
    /// Opens an existing file to write its journal: notes, tags and pins on runs and studies (an older file is migrated
    /// at the first write). Never creates a file. <paramref name="lockWait"/> is how long a write waits for another
    /// writer's lock (a recorder's batch; DB Browser's unsaved edits), 30 seconds by default.
    /// </summary>
    public static IJournalWriter OpenJournal(string path, TimeProvider time, TimeSpan? lockWait = null) =>
        new SqliteJournalWriter(path, time, lockWait);

    /// <summary>
    /// Whether another program holds the file's write lock right now (DB Browser with unsaved changes, a recorder in
    /// the middle of a commit). False for a file SQLite cannot lock at all (damaged, not SQLite): nobody is writing it.
    /// </summary>
    public static bool IsWriteLocked(string path) => WriteLockProbe.IsLocked(path);
}
