using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.PostgreSql.Source;

/// <summary>
/// A recorder file opened read-only for push (Mode=ReadOnly: push never changes a source, and works on a file the
/// plugin is writing, thanks to WAL), in one read transaction: every query of a push sees the same state of the file.
/// Push reads it with its own SQL, every table of a run column for column past a mark of the raw log: a bulk copy the
/// read API's records are not shaped for.
/// </summary>
internal sealed class SourceFile : IDisposable
{
    /// <summary>How long push waits for a source file another program holds (<see cref="BusyFile"/>).</summary>
    internal static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    // An event as text (its run, sequence, receipt time and type): what a mark or a file's identity checks it by.
    private const string EventText = "SELECT run_id || '|' || COALESCE(sequence, '') || '|' || received_utc || '|' || event_type FROM ingest_events";

    private readonly SqliteTransaction snapshot;

    private SourceFile(string path, SqliteConnection connection, SqliteTransaction snapshot)
    {
        Path = path;
        Connection = connection;
        this.snapshot = snapshot;
    }

    public string Path { get; }

    public SqliteConnection Connection { get; }

    /// <summary>
    /// Opens the file and begins its read transaction. A file another program holds is tried again through
    /// <see cref="BusyFile"/>, every 50 ms of <paramref name="time"/> (the system's when null) until
    /// <see cref="LockWait"/> is spent, then refused with what to do.
    /// </summary>
    public static SourceFile Open(string path, int expectedVersion, TimeProvider? time = null)
    {
        if (!File.Exists(path))
        {
            throw new TeamStoreException($"{path} does not exist.");
        }

        SqliteBootstrap.EnsureInitialised();
        try
        {
            // Only the start of the read finds a source busy: a program holding the file exclusively (exclusive locking
            // mode, a rollback journal's write) or a checkpoint that empties the write-ahead log. Once the transaction
            // has its snapshot, nothing blocks its reads.
            return BusyFile.Run(time ?? TimeProvider.System, LockWait, (path, expectedVersion), static s => OpenOnce(s.path, s.expectedVersion));
        }
        catch (SqliteException ex) when (SqliteErrors.IsTransient(ex))
        {
            throw new TeamStoreException(string.Create(CultureInfo.InvariantCulture,
                $"{path} is locked by another program (DB Browser with unsaved changes, or one holding it exclusively): push waited {LockWait.TotalSeconds:0} s for it. Save or close it, then push again; nothing was pushed from it."), ex);
        }
        catch (SqliteException ex)
        {
            throw new TeamStoreException($"{path} cannot be read: {ex.Message}", ex);
        }
    }

    private static SourceFile OpenOnce(string path, int expectedVersion)
    {
        // The driver's own wait is the short one every busy-file retry is sized with; BusyFile decides how long.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = DatabaseFile.DriverBusyTimeoutSeconds,
        }.ToString());
        try
        {
            connection.Open();
            var snapshot = connection.BeginTransaction(deferred: true);
            var version = connection.ExecuteScalar<int>("PRAGMA user_version;");
            var isRecorder = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('schema_meta','ingest_events','strategy_runs')") == 3;
            if (!isRecorder)
            {
                throw new TeamStoreException($"{path} is not a recorder database; nothing was pushed from it.");
            }

            if (version != expectedVersion)
            {
                throw new TeamStoreException(version < expectedVersion
                    ? $"{path} has schema version {version}; the team database holds version {expectedVersion}. Upgrade it with `recorder analyze --all --db \"{path}\"`, then push again."
                    : $"{path} has schema version {version}, newer than the team database's ({expectedVersion}). Update QuantowerRecorder on this machine.");
            }

            return new SourceFile(path, connection, snapshot);
        }
        catch
        {
            // Closing the connection ends its transaction.
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// What identifies the file wherever it is copied: its creation time and creator from schema_meta, set once when
    /// the file was made and never changed (a path is not an identity: the same file is pushed from two places, and
    /// two terminals both have a recorder.db). A file without them (made by another tool) is known by its first event.
    /// </summary>
    public string Identity()
    {
        var created = (string?)Connection.ExecuteScalar("SELECT value FROM schema_meta WHERE key = 'created_utc'");
        var by = (string?)Connection.ExecuteScalar("SELECT value FROM schema_meta WHERE key = 'created_by'");
        var basis = created is not null
            ? "created " + created + "\n" + by
            : "first event " + (string?)Connection.ExecuteScalar(EventText + " ORDER BY id LIMIT 1");
        return "sqlite:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(basis)))[..32].ToLowerInvariant();
    }

    /// <summary>Every run with events, with its last event id and version (its highest sequence, or its event count).</summary>
    public List<SourceRun> Runs() => Connection.Query<SourceRun>("""
            SELECT run_id, MAX(id) AS last_event_id, COALESCE(MAX(sequence), COUNT(*)) AS version, COUNT(*) AS event_count FROM ingest_events
            WHERE run_id IN (SELECT run_id FROM strategy_runs) GROUP BY run_id ORDER BY MIN(id)
            """).AsList();

    /// <summary>What the event with this id is, to check that a stored high-water mark still points at the same event.</summary>
    public string? EventCheck(long eventId) => (string?)Connection.ExecuteScalar(EventText + " WHERE id = @id", new { id = eventId });

    public long EventsAfter(string runId, long afterId) =>
        Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM ingest_events WHERE run_id = @run AND id > @after", new { run = runId, after = afterId });

    /// <summary>The entry_id of the journal row with this row id: what a journal mark is checked by.</summary>
    public string? JournalCheck(long id) => (string?)Connection.ExecuteScalar("SELECT entry_id FROM journal_entries WHERE id = @id", new { id });

    /// <summary>The journal's rows after row id <paramref name="afterId"/>, in row order.</summary>
    public List<SourceJournalEntry> JournalAfter(long afterId) => Connection.Query<SourceJournalEntry>(
        "SELECT id, entry_id, subject_type, subject_id, kind, body, author, created_utc FROM journal_entries WHERE id > @after ORDER BY id",
        new { after = afterId }).AsList();

    public void Dispose()
    {
        snapshot.Dispose();
        Connection.Dispose();
    }
}
