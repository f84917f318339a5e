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
/// since a commit was left unsynced. Idle, a checkpoint syncs what is left once that window is up. While the file is
/// being closed, a log that holds many pages since is copied into the file at once (the close's own checkpoint then
/// copies only what follows): beside the writer, on one of its reading connections (<paramref name="beside"/>), since
/// a passive checkpoint takes no lock the writer needs, and on the writer's thread it held the store of a run's end
/// analysis back by up to 100 ms (docs/benchmarks.md); without them, on the writer's thread. A synced commit syncs every
/// commit before it: the log is one file, written in order. Only the writer's thread uses it.
/// </summary>
/// <param name="closeSyncPages">Pages written to the log since its last checkpoint here past which a close's idle moment checkpoints.</param>
/// <param name="beside">The writer's reading connections, one of which copies the log at the close beside the writer.</param>
internal sealed class DurableCommits(SqliteConnection connection, RecorderOptions options, int closeSyncPages = DurableCommits.CloseSyncPages,
    ReadConnections? beside = null)
{
    /// <summary>
    /// 1,000 pages (8 MiB): a backtest of 100,000 bars leaves about 1,700 at its close. An optimisation's passes (about
    /// 170 each) are not checkpointed at their closes (the writer's loop says which closes are).
    /// </summary>
    public const int CloseSyncPages = 1_000;

    private bool full;
    private bool set;
    private Task? besideCheckpoint;
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
            connection.Execute(sync ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
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
    /// <returns>Whether it synced (a checkpoint beside the writer is not this thread's to count: the window's or the close's is).</returns>
    /// <param name="closing">The file is being closed: a log of many pages is checkpointed now, window up or not.</param>
    public bool Idle(bool closing = false)
    {
        var pages = closing ? PagesWritten(connection) : 0;
        var closeCopy = closing && unsyncedSince != 0 && pages - pagesAtCheckpoint >= closeSyncPages;
        if (!WindowUp && closeCopy && beside is { } readings)
        {
            if (besideCheckpoint is null or { IsCompleted: true })
            {
                pagesAtCheckpoint = pages;
                besideCheckpoint = Task.Run(() => CheckpointBeside(readings));
            }

            return false;
        }

        if (!WindowUp && !closeCopy)
        {
            return false;
        }

        try
        {
            connection.Execute("PRAGMA wal_checkpoint(PASSIVE);");
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

    /// <summary>The close's copy of the log running beside the writer, if one was started (tests).</summary>
    internal Task? Beside => besideCheckpoint;

    /// <summary>
    /// Waits for the copy beside the writer, before the file's connections are closed: a connection's close checkpoints
    /// the log and deletes it only while no other connection is checkpointing it.
    /// </summary>
    public void Finish() => besideCheckpoint?.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();

    // A passive checkpoint on a reading connection: it waits for no reader and no writer. A failure (the disk full, a
    // reader holding the log's start) leaves the copy to the file's close.
    private static void CheckpointBeside(ReadConnections readings)
    {
        try
        {
            using var lease = readings.Open();
            lease.Connection.Execute("PRAGMA wal_checkpoint(PASSIVE);");
        }
        catch (SqliteException ex) when (SqliteErrors.IsTransient(ex) || SqliteErrors.IsFileLevel(ex))
        {
        }
    }

    // The pages this connection has written to the log (SQLite's count, kept per connection since it opened).
    private static long PagesWritten(SqliteConnection connection) =>
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
