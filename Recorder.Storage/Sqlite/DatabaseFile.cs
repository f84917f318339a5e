using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

// Over 250 lines, one idea: opening a file safely is one ordered sequence (refuse what cannot be trusted, then pragmas,
// then migrate), and its checks only make sense read in that order.

namespace QuantowerRecorder.Storage.Sqlite;

/// <summary>
/// Opens recorder databases: checks the file, sets the pragmas, and brings the schema to the current version. Every
/// problem surfaces as a <see cref="RecorderDatabaseException"/> that says what is wrong and what to do.
/// </summary>
public static class DatabaseFile
{
    /// <summary>How long one SQLite statement waits on a locked database before reporting SQLITE_BUSY.</summary>
    /// <remarks>
    /// Microsoft.Data.Sqlite retries a busy statement itself for its command timeout. The writer's retry policy sits
    /// on top of it, so this is kept short: the policy, not the driver, decides how long a batch keeps trying. Public
    /// for the connections <see cref="BusyFile"/> retries outside Storage (push's source files).
    /// </remarks>
    public const int DriverBusyTimeoutSeconds = 1;

    /// <summary>Opens (creating if needed) a database for writing, migrated to the current schema.</summary>
    public static SqliteConnection OpenForWriting(string path, TimeProvider time, TimeSpan? lockWait = null) =>
        OpenForWriting(path, time, lockWait, NewConnection);

    /// <summary>
    /// <see cref="OpenForWriting(string, TimeProvider, TimeSpan?)"/>, the connection made by <paramref name="connect"/>
    /// from its connection string (<see cref="NewConnection"/>; a test gives its own SqliteConnection).
    /// </summary>
    internal static SqliteConnection OpenForWriting(string path, TimeProvider time, TimeSpan? lockWait, Func<string, SqliteConnection> connect)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(time);
        var fullPath = Path.GetFullPath(path);
        CheckWritablePath(fullPath);
        // A file exactly as this process' writer left it at a clean close passed these checks at that writer's open.
        if (File.Exists(fullPath) && new FileInfo(fullPath).Length > 0 && !CheckedFiles.Unchanged(fullPath))
        {
            CheckBeforeWriting(fullPath);
        }

        var connection = Connect(fullPath, SqliteOpenMode.ReadWriteCreate, connect);
        try
        {
            ApplyWriterPragmas(connection, fullPath);
            Migrator.Migrate(connection, fullPath, time, lockWait ?? TimeSpan.FromSeconds(30));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens an existing database for reading; refuses files that are missing, not ours, or too new.</summary>
    public static SqliteConnection OpenForReading(string path) => OpenForReading(path, NewConnection);

    /// <summary><see cref="OpenForReading(string)"/>, the connection made by <paramref name="connect"/> from its connection string.</summary>
    internal static SqliteConnection OpenForReading(string path, Func<string, SqliteConnection> connect)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new RecorderDatabaseException(DatabaseProblem.Missing, fullPath,
                $"No such database file: {fullPath}. Check the path, or create one with `recorder demo --db <file>`.");
        }

        // A read-only connection cannot remove the -wal and -shm files it makes, so every look left them behind. A
        // writable file is opened read-write with query_only on instead: nothing can be written through it, and
        // SQLite tidies both files away when the last connection closes.
        var writable = IsWritable(fullPath);
        var connection = Connect(fullPath, writable ? SqliteOpenMode.ReadWrite : SqliteOpenMode.ReadOnly, connect);
        try
        {
            if (writable)
            {
                connection.Execute("PRAGMA query_only = ON");
            }

            Migrator.ReadableVersion(connection, fullPath);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>How every connection to a file is made from its connection string: a plain SqliteConnection.</summary>
    internal static SqliteConnection NewConnection(string connectionString) => new(connectionString);

    internal static SqliteConnection Connect(string fullPath, SqliteOpenMode mode, Func<string, SqliteConnection>? connect = null)
    {
        SqliteBootstrap.EnsureInitialised();
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = mode,
            // Pooling would keep the file open after Dispose: a surprise for tests, crash checks and users alike.
            Pooling = false,
            DefaultTimeout = DriverBusyTimeoutSeconds,
        };
        var connection = (connect ?? NewConnection)(builder.ToString());
        try
        {
            connection.Open();
            return connection;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw Translate(ex, fullPath);
        }
    }

    internal static RecorderDatabaseException Translate(SqliteException ex, string path) => ex.SqliteErrorCode switch
    {
        SqliteErrors.Corrupt => Corrupt(path, ex.Message, ex),
        SqliteErrors.NotADb => new RecorderDatabaseException(DatabaseProblem.NotSqlite, path,
            $"{path} is not an SQLite database. Point the recorder at a new file name or at a recorder database.", ex),
        SqliteErrors.ReadOnly => NotWritable(path, ex),
        SqliteErrors.Busy or SqliteErrors.Locked => new RecorderDatabaseException(DatabaseProblem.Locked, path,
            $"{path} is locked by another program (DB Browser with unsaved changes?). Save or close it, then retry.", ex),
        SqliteErrors.CantOpen when !FolderAcceptsFiles(path) => NotWritable(path, ex),
        SqliteErrors.CantOpen => new RecorderDatabaseException(DatabaseProblem.Other, path,
            $"{path} cannot be opened: {ex.Message}", ex),
        _ => new RecorderDatabaseException(DatabaseProblem.Other, path, $"{path}: {ex.Message}", ex),
    };

    // SQLite says only "unable to open database file" or "readonly database" when the file, its folder (where the
    // -wal and -shm files go) or the whole mount cannot be written: say which file and what to do.
    private static RecorderDatabaseException NotWritable(string path, SqliteException ex) =>
        new(DatabaseProblem.ReadOnly, path,
            $"{path} is read-only or cannot be written: the file, its folder {Path.GetDirectoryName(path)} (where " +
            "SQLite keeps the -wal and -shm files) or the disk it is on (a read-only mount or share) does not accept " +
            $"writes (SQLite: {ex.Message}). Make the file and its folder writable, or choose a file in a writable folder.", ex);

    private static bool FolderAcceptsFiles(string path)
    {
        var probe = Path.Combine(Path.GetDirectoryName(path) ?? ".", ".recorder-probe-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
                return true;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void CheckWritablePath(string fullPath)
    {
        var directory = Path.GetDirectoryName(fullPath);
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
        {
            throw new RecorderDatabaseException(DatabaseProblem.DirectoryMissing, fullPath,
                $"The folder {directory} does not exist. Create it or choose another database path.");
        }

        // Checked up front because a process running with elevated rights would otherwise write to it anyway,
        // and because SQLite only notices at the first write.
        if (File.Exists(fullPath) && !IsWritable(fullPath))
        {
            throw new RecorderDatabaseException(DatabaseProblem.ReadOnly, fullPath,
                $"{fullPath} is read-only. Make it writable or choose another file.");
        }
    }

    /// <summary>
    /// Refuses an existing file that is not a recorder database, is newer than this code, or is damaged, before
    /// anything is set on it: the pragmas that follow (WAL above all) change a file's bytes, and a refused file must
    /// be left exactly as it was. The probe is query_only, so nothing can be written through it. A file this process
    /// closed cleanly and nothing changed since is not probed again (<see cref="CheckedFiles"/>).
    /// </summary>
    private static void CheckBeforeWriting(string fullPath)
    {
        using var probe = Connect(fullPath, SqliteOpenMode.ReadWrite);
        try
        {
            probe.Execute("PRAGMA query_only = ON;");
            // One snapshot for every look below: another process creating or migrating the file at this moment is seen
            // before or after its transaction, never half (user_version read before its commit, schema_meta after).
            probe.Execute("BEGIN;");
            var version = Migrator.ReadVersion(probe, fullPath);
            if (version > Migrator.CurrentVersion)
            {
                throw Migrator.TooNew(fullPath, version);
            }

            if (version == 0 && Migrator.HasTables(probe))
            {
                throw Migrator.NotOurs(fullPath);
            }

            CheckMetaAgrees(probe, fullPath, version);

            // quick_check reads every page once and finds truncation and damaged pages (it is linear in the file size);
            // the full integrity_check, which also compares every index with its table, is `recorder verify`'s job.
            var verdict = Convert.ToString(probe.ExecuteScalar("PRAGMA quick_check(1);"), CultureInfo.InvariantCulture);
            if (!string.Equals(verdict, "ok", StringComparison.Ordinal))
            {
                throw Corrupt(fullPath, verdict);
            }

            probe.Execute("COMMIT;");
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteErrors.Corrupt)
        {
            throw Corrupt(fullPath, ex.Message, ex);
        }
        catch (SqliteException ex)
        {
            throw Translate(ex, fullPath);
        }
    }

    // The version is kept twice, in user_version and schema_meta, and every migration sets both in one transaction. A
    // file where they disagree was edited outside the recorder or half-migrated by something else: migrating on from
    // user_version would build on a schema nobody can vouch for, so it is refused as not ours (`recorder verify`
    // reports the same disagreement as an error).
    private static void CheckMetaAgrees(SqliteConnection probe, string fullPath, int version)
    {
        if (probe.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_meta';") == 0)
        {
            return;
        }

        var meta = probe.ExecuteScalar("SELECT value FROM schema_meta WHERE key = 'schema_version';");
        var said = Convert.ToString(meta, CultureInfo.InvariantCulture);
        if (meta is null || said == version.ToString(CultureInfo.InvariantCulture))
        {
            return;
        }

        // A newer recorder wrote it (a user_version set back by hand or by a tool does not make it ours to write).
        if (int.TryParse(said, NumberStyles.None, CultureInfo.InvariantCulture, out var metaVersion) && metaVersion > Migrator.CurrentVersion)
        {
            throw Migrator.TooNew(fullPath, metaVersion);
        }

        throw new RecorderDatabaseException(DatabaseProblem.NotRecorderDatabase, fullPath,
            $"{fullPath} says schema version {version} in PRAGMA user_version but {said} in schema_meta.schema_version: " +
            "it was changed outside the recorder or a migration did not finish, and the recorder will not write into it. " +
            "Restore a backup, or rebuild it into a new file with `recorder replay`. Nothing was changed.");
    }

    private static RecorderDatabaseException Corrupt(string path, string? detail, Exception? inner = null) =>
        new(DatabaseProblem.Corrupt, path,
            $"{path} is damaged ({detail}); the recorder will not write into it. Keep it aside as it is, record into a " +
            "new file, and recover what it holds with sqlite3's `.recover`. Nothing was changed.", inner);

    private static bool IsWritable(string fullPath) =>
        (File.GetAttributes(fullPath) & FileAttributes.ReadOnly) == 0
        && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(fullPath) & UnixFileMode.UserWrite) != 0);

    private static void ApplyWriterPragmas(SqliteConnection connection, string path)
    {
        try
        {
            // Page size can only be chosen before the first table exists (and before WAL): 8 KiB pages hold the raw
            // log's JSON rows with fewer overflow pages and shallower indexes than the default 4 KiB.
            if (new FileInfo(path).Length == 0)
            {
                connection.Execute("PRAGMA page_size=8192;");
            }

            // journal_mode needs a moment of exclusive access when switching; retried by the driver's busy wait.
            var mode = Convert.ToString(connection.ExecuteScalar("PRAGMA journal_mode=WAL;"), CultureInfo.InvariantCulture);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new RecorderDatabaseException(DatabaseProblem.Other, path,
                    $"{path} cannot use write-ahead logging (journal_mode is '{mode}'); is it on a network share?");
            }

            // NORMAL in WAL mode: a commit survives a crash of the process (the WAL is in the OS cache); only a power
            // loss may lose the last commits. The cache holds the hot indexes of a long run (64 MiB, per connection);
            // an automatic checkpoint every 4,000 pages (8 KiB pages: ~32 MiB of WAL) keeps the log short without stalling
            // every batch; WalKeeper brings it back down after a reader held it open.
            connection.Execute("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536; " +
                                "PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=4000;");
        }
        catch (SqliteException ex)
        {
            throw Translate(ex, path);
        }
    }
}
