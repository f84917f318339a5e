using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Keeps the write-ahead log small. A reader that holds a snapshot (DB Browser, pandas, a long report) stops
/// checkpoints from reaching the end of the WAL, so it grows while the reader stays; SQLite never shrinks the file by
/// itself. When the writer is idle and no reader holds old frames, a TRUNCATE checkpoint empties it; a WAL that stays
/// large is reported once, with the likely cause. After a file-level failure (disk full) the writer checkpoints as soon
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

    /// <summary>Called when the writer has nothing to write.</summary>
    public void Idle()
    {
        if (checkpointedSinceWrite || (lastAttempt != 0 && options.Time.GetElapsedTime(lastAttempt) < AttemptEvery))
        {
            return;
        }

        lastAttempt = options.Time.GetTimestamp();
        var bytes = WalBytes;
        if (bytes <= options.WalSizeLimitBytes)
        {
            checkpointedSinceWrite = true;
            return;
        }

        // PASSIVE never waits: it tells whether a reader still holds frames at the end of the log.
        var (busy, frames, done) = Checkpoint("PASSIVE");
        if (busy == 0 && frames >= 0 && frames == done)
        {
            Checkpoint("TRUNCATE");
            checkpointedSinceWrite = true;
            warned = false;
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
            (long, long, long) Run() => connection.Query<(long, long, long)>($"PRAGMA wal_checkpoint({mode});").AsList() is [var result] ? result : (1, -1, -1);
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
