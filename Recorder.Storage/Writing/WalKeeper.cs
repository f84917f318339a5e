using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Keeps the write-ahead log small. A reader that holds a snapshot (DB Browser, pandas, a long report) stops
/// checkpoints from reaching the end of the WAL, so it grows while the reader stays; SQLite never shrinks the file by
/// itself. When the writer is idle and no reader holds old frames, a TRUNCATE checkpoint empties it; a WAL that stays
/// large is reported once, with the likely cause. While the file is being closed, a log past
/// <see cref="CloseEmptyBytes"/> is emptied at once, whatever the limit (<see cref="Idle"/>). After a file-level failure (disk full) the writer checkpoints as soon
/// as it can write again, so the WAL it grew does not fill the disk a second time. Runs on the writer's thread only.
/// </summary>
/// <param name="ownWrite">Runs a truncating checkpoint, which moves other connections' data_version, as a write of the writer's own (<see cref="KeptFacts.OwnWrite"/>).</param>
internal sealed class WalKeeper(SqliteConnection connection, string databasePath, RecorderOptions options, Action<string> report,
    Action<SqliteConnection, Action>? ownWrite = null)
{
    private readonly string walPath = databasePath + "-wal";
    private static readonly TimeSpan AttemptEvery = TimeSpan.FromSeconds(1);
    private bool checkpointedSinceWrite = true;
    private bool warned;
    private int attemptsAtClose;
    private long lastAttempt;

    /// <summary>Size of the WAL file now, in bytes (0 when there is none).</summary>
    public long WalBytes
    {
        get
        {
            try
            {
                var info = new FileInfo(walPath);
                return info.Exists ? info.Length : 0;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return 0;
            }
        }
    }

    /// <summary>A batch was committed: the next idle moment is worth a checkpoint.</summary>
    public void Wrote() => checkpointedSinceWrite = false;

    /// <summary>When the next <see cref="Idle"/> has work to try, or null while there is none (nothing written since).</summary>
    public TimeSpan? IdleDue => checkpointedSinceWrite ? null
        : lastAttempt == 0 ? TimeSpan.Zero
        : TimeSpan.FromTicks(Math.Max(0, (AttemptEvery - options.Time.GetElapsedTime(lastAttempt)).Ticks));

    /// <summary>
    /// A log larger than this is emptied at a close's first idle moment (<see cref="Idle"/>): 8 MiB, the 1,000 pages
    /// past which the close's idle moment checkpoints (<see cref="DurableCommits.CloseSyncPages"/>).
    /// </summary>
    public const long CloseEmptyBytes = 8L * 1024 * 1024;

    /// <summary>Attempts a close makes at once to empty the log (a reader of another program's that arrived in between fails one).</summary>
    public const int CloseAttempts = 3;

    /// <summary>
    /// Called when the writer has nothing to write. <paramref name="closing"/>: the file is being closed (not a pass's close
    /// that a new handle takes over) and no reading of the writer's is leased. Then a log past <see cref="CloseEmptyBytes"/>
    /// is emptied at once, whatever the limit: the file's close, which deletes the log, would otherwise free it while the
    /// author waits (deleting a synced log of 33 MB took 9 ms, mostly waiting for the disk), where here the writer waits for
    /// a run's end analysis.
    /// </summary>
    public void Idle(bool closing = false)
    {
        if (checkpointedSinceWrite)
        {
            return;
        }

        // The log's size is looked at (a call to the file system) only when an attempt may follow, and once.
        long? size = null;
        long Size() => size ??= WalBytes;
        var atClose = closing && attemptsAtClose < CloseAttempts && Size() > CloseEmptyBytes;
        if (!atClose && lastAttempt != 0 && options.Time.GetElapsedTime(lastAttempt) < AttemptEvery)
        {
            return;
        }

        // A few attempts a close: a program that keeps a read open fails them, and the next waits the usual second.
        attemptsAtClose += atClose ? 1 : 0;
        lastAttempt = options.Time.GetTimestamp();
        var bytes = Size();
        if (bytes <= options.WalSizeLimitBytes && !atClose)
        {
            checkpointedSinceWrite = true;
            return;
        }

        // PASSIVE never waits: it tells whether a reader still holds frames at the end of the log.
        var (busy, frames, done) = Checkpoint("PASSIVE");
        if (busy == 0 && frames >= 0 && frames == done)
        {
            // A reader that began in between keeps the log: tried again at a later idle moment.
            if (Checkpoint("TRUNCATE").Busy == 0)
            {
                checkpointedSinceWrite = true;
                warned = false;
            }

            return;
        }

        if (!warned && bytes > options.WalWarningBytes)
        {
            warned = true;
            var mib = (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture);
            report($"the write-ahead log is {mib} MiB because another program keeps a read open on the database " +
                   "(DB Browser, a notebook, a report); it shrinks when that program closes the file or ends its query");
        }
    }

    /// <summary>The writer could write again after a file-level failure: give the WAL's space back at once.</summary>
    public void Recovered()
    {
        Checkpoint("TRUNCATE");
        checkpointedSinceWrite = true;
    }

    private (long Busy, long Frames, long Done) Checkpoint(string mode)
    {
        try
        {
            (long, long, long) Run() => WriterEvents.Log.Checkpoint(databasePath, mode,
                () => connection.Query<(long, long, long)>($"PRAGMA wal_checkpoint({mode});").AsList() is [var result] ? result : (1, -1, -1));
            if (mode == "PASSIVE" || ownWrite is null)
            {
                return Run();
            }

            var done = (1L, -1L, -1L);
            ownWrite(connection, () => done = Run());
            return done;
        }
        catch (SqliteException ex) when (SqliteErrors.IsTransient(ex) || SqliteErrors.IsFileLevel(ex))
        {
            // A reader arrived in between, or the disk is still full: the next idle moment tries again.
            return (1, -1, -1);
        }
    }
}
