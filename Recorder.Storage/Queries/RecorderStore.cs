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
    public static IRecorderReader OpenRead(string path) => new SqliteRecorderReader(path);

    /// <summary>
    /// Opens an existing file to delete runs or mark abandoned runs; an older file is migrated first. Never creates a
    /// file. <paramref name="lockWait"/> is how long to wait for another writer's lock.
    /// </summary>
    public static IRecorderMaintenance OpenMaintenance(string path, TimeProvider time, TimeSpan? lockWait = null) =>
        new SqliteMaintenance(path, time, lockWait);

    /// <summary>
    /// Whether another program holds the file's write lock right now (DB Browser with unsaved changes, a recorder in
    /// the middle of a commit). False for a file SQLite cannot lock at all (damaged, not SQLite): nobody is writing it.
    /// </summary>
    public static bool IsWriteLocked(string path) => WriteLockProbe.IsLocked(path);
}
