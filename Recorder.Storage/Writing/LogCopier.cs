using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Copies the write-ahead log into the file beside the writer, while it records: once the writer's commits have added
/// <see cref="Pages"/> pages to the log since the last copy, a PASSIVE checkpoint runs on a reading connection of the
/// writer's, on the thread pool. Without it the log grew to SQLite's automatic checkpoint (wal_autocheckpoint, 4,000
/// pages), copied on the writer's thread inside a commit, and a close found up to that many pages still to copy: 10–20 ms
/// of a backtest's close, either while its end analysis waited to be stored or after it, as the file closed (the close's
/// timeline, <c>recorder_close_timeline_ms_rounds</c>). A PASSIVE checkpoint takes no lock a writer needs: the writer
/// commits on meanwhile, and starts the log over once every frame was copied and no reader holds it. It moves no other
/// connection's data_version. Only a head start: a checkpoint another one or a reader's snapshot keeps from finishing is
/// left to the next, to the close's rules (<see cref="DurableCommits"/>, <see cref="WalKeeper"/>) and to the file's close.
/// One at a time; its lease counted on the writer's thread (<see cref="ReadConnections.Reserve"/>), so that the writer's
/// close waits for it before it closes its own connection (the last connection to close tidies the log away), and its
/// connection taken on the thread pool: the writer never waits for a reading connection to open (the first copies of a
/// writer find none kept).
/// </summary>
/// <param name="connection">The writer's connection, whose pages written are counted.</param>
/// <param name="readings">The writer's reading connections: one is leased for each copy.</param>
/// <param name="file">The file, as the copies' trace events name it (<see cref="WriterEvents"/>).</param>
/// <param name="pages">Pages written between two copies.</param>
internal sealed class LogCopier(SqliteConnection connection, ReadConnections readings, string file, int pages = LogCopier.Pages)
{
    /// <summary>
    /// 256 pages (2 MiB): about what a close is left with at most, besides what it writes itself. A backtest of 100,000
    /// bars writes about 6,000, so some 23 copies; with 1,000 pages a close still copied 8–18 ms of them.
    /// </summary>
    public const int Pages = 256;

    /// <summary>The trace events' mode for a copy beside the writer.</summary>
    public const string Mode = "PASSIVE beside";

    private long pagesAtCopy = DurableCommits.PagesWritten(connection);
    private Task running = Task.CompletedTask;
    private int started;

    /// <summary>Copies started so far (tests).</summary>
    public int Started => Volatile.Read(ref started);

    /// <summary>The copy under way, else a completed task (tests).</summary>
    public Task Running => Volatile.Read(ref running);

    /// <summary>On the writer's thread, after a commit: starts a copy once enough pages were written since the last.</summary>
    public void Committed()
    {
        if (!running.IsCompleted)
        {
            return;
        }

        var now = DurableCommits.PagesWritten(connection);
        if (now - pagesAtCopy < pages)
        {
            return;
        }

        pagesAtCopy = now;
        var reserved = readings.Reserve();
        Interlocked.Increment(ref started);
        Volatile.Write(ref running, Task.Run(() =>
        {
            try
            {
                using var lease = reserved.Open();
                WriterEvents.Log.Checkpoint(file, Mode, () => lease.Connection.Execute("PRAGMA wal_checkpoint(PASSIVE);"));
            }
            catch (Exception ex) when (ex is SqliteException or RecorderDatabaseException or IOException)
            {
                // No connection could be opened, another checkpoint was under way (the writer's own), or the disk is
                // full: the next copy, or the close's rules.
            }
        }));
    }
}
