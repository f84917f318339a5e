using Dapper;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Decides, batch by batch, whether its commit is synced to the disk (docs/decisions.md, 3). In WAL mode
/// <c>synchronous=NORMAL</c> leaves a commit in the OS's cache until the next checkpoint (it survives the process, not
/// the power); <c>FULL</c> syncs the log at the commit. The setting is the connection's and may change between
/// transactions, so it is set before each batch that needs the other one: FULL for a batch that carries a live or
/// paper event (<see cref="CommitSync"/>) or comes from the spill file (the spill file's copy goes once it is committed, so
/// the commit must be on the disk first), and for the first batch past <see cref="RecorderOptions.UnsyncedWindow"/>
/// since a commit was left unsynced. Idle, a checkpoint syncs what is left once that window is up, or at once while the
/// file is being closed if the log holds many pages since (the close's own checkpoint then copies only what follows,
/// while the writer would otherwise wait for a run's end analysis). A synced commit syncs every commit before it: the
/// log is one file, written in order. Only the writer's thread uses it.
/// </summary>
/// <param name="closeSyncPages">Pages written to the log since its last checkpoint here past which a close's idle moment checkpoints.</param>
/// <param name="file">The file, as the checkpoint's trace events name it (<see cref="WriterEvents"/>).</param>
internal sealed class DurableCommits(SqliteConnection connection, RecorderOptions options, int closeSyncPages = DurableCommits.CloseSyncPages,
    string file = "")
{
    /// <summary>
    /// 1,000 pages (8 MiB): a backtest of 100,000 bars leaves about 1,700 at its close. An optimisation's passes (about
    /// 170 each) are not checkpointed at their closes (the writer's loop says which closes are).
    /// </summary>
    public const int CloseSyncPages = 1_000;

    private bool full;
    private bool set;
    private long unsyncedSince;
    // What the connection wrote before (opening the file) is the window's to sync.
    private long pagesAtCheckpoint = PagesWritten(connection);

    /// <summary>Whether the last batch's commit was synced.</summary>
    public bool Synced => full;

    /// <summary>Sets the connection's <c>synchronous</c> for the batch about to be written.</summary>
    public void Before(IReadOnlyList<Envelope> batch, bool fromSpill)
    {
        var sync = options.CommitSync == CommitSync.Every || fromSpill || WindowUp || (options.CommitSync == CommitSync.LiveAndPaper && CarriesTrading(batch));
        if (sync != full || !set)
        {
            connection.Run(sync ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
            full = sync;
            set = true;
        }
    }

    /// <summary>The batch is committed: synced, or one more commit waiting for the next sync.</summary>
    public void Committed()
    {
        if (full)
        {
            unsyncedSince = 0;
        }
        else if (unsyncedSince == 0)
        {
            unsyncedSince = options.Time.GetTimestamp();
        }
    }

    /// <summary>When <see cref="Idle"/> has a sync to do, or null while every commit is synced.</summary>
    public TimeSpan? IdleDue => unsyncedSince == 0 ? null
        : TimeSpan.FromTicks(Math.Max(0, (options.UnsyncedWindow - options.Time.GetElapsedTime(unsyncedSince)).Ticks));

    /// <summary>
    /// Called when the writer has nothing to write: once the window is up, a checkpoint syncs the log (SQLite syncs the
    /// log before it copies pages into the file, in NORMAL too) and then the file.
    /// </summary>
    /// <returns>Whether it synced.</returns>
    /// <param name="closing">The file is being closed: a log of many pages is checkpointed now, window up or not.</param>
    public bool Idle(bool closing = false)
    {
        var pages = closing ? PagesWritten(connection) : 0;
        if (!WindowUp && !(closing && unsyncedSince != 0 && pages - pagesAtCheckpoint >= closeSyncPages))
        {
            return false;
        }

        try
        {
            WriterEvents.Log.Checkpoint(file, "PASSIVE", () => connection.Execute("PRAGMA wal_checkpoint(PASSIVE);"));
            unsyncedSince = 0;
            pagesAtCheckpoint = closing ? pages : PagesWritten(connection);
            return true;
        }
        catch (SqliteException ex) when (SqliteErrors.IsTransient(ex) || SqliteErrors.IsFileLevel(ex))
        {
            // Busy, or the disk is full: the next batch is synced instead (the window is still up).
            return false;
        }
    }

    // The pages this connection has written to the log (SQLite's count, kept per connection since it opened).
    internal static long PagesWritten(SqliteConnection connection) =>
        connection.Handle is { } db && raw.sqlite3_db_status(db, raw.SQLITE_DBSTATUS_CACHE_WRITE, out var current, out _, 0) == raw.SQLITE_OK ? current : 0;

    private bool WindowUp => unsyncedSince != 0 && options.Time.GetElapsedTime(unsyncedSince) >= options.UnsyncedWindow;

    private static bool CarriesTrading(IReadOnlyList<Envelope> batch)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Event.Source is RunSource.Live or RunSource.Paper)
            {
                return true;
            }
        }

        return false;
    }
}
