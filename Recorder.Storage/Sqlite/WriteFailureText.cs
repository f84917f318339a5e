using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Storage.Sqlite;

/// <summary>
/// What a write failure means for the person who reads the strategy's log: SQLite says only "disk I/O error" or
/// "unable to open database file"; this names the file, says what is wrong with it and what to do.
/// </summary>
internal static class WriteFailureText
{
    public static string Describe(Exception ex, string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        return ex switch
        {
            SqliteException { SqliteErrorCode: SqliteErrors.Corrupt or SqliteErrors.NotADb } =>
                $"{path} is damaged (SQLite: {ex.Message}). The recorder stopped writing to it and keeps new events in " +
                $"the spill file beside it ({path}.spill). Run `recorder verify {path}`, restore a copy of the file (or " +
                "move it away so a new one is created); the next recorder to open the file writes the spill file's events.",
            SqliteException { SqliteErrorCode: SqliteErrors.Full } =>
                $"the disk holding {path} is full (SQLite: {ex.Message}). Free some space; the events wait in memory " +
                "and the spill file and are written when there is room.",
            SqliteException { SqliteErrorCode: SqliteErrors.ReadOnly or SqliteErrors.CantOpen } =>
                $"{path} or its folder {folder} is read-only or not writable (SQLite: {ex.Message}). Make the file and " +
                "its folder writable (file permissions, a read-only mount or share); the events wait and are written then.",
            SqliteException { SqliteErrorCode: SqliteErrors.IoErr } or IOException =>
                $"{path} could not be written (I/O error: {ex.Message}). Check the disk or share it lives on; the " +
                "events wait and are written when it works again.",
            SqliteException { SqliteErrorCode: SqliteErrors.Busy or SqliteErrors.Locked } =>
                $"{path} is locked by another program (DB Browser with unsaved changes?): {ex.Message}. Save or close " +
                "it; the events wait and are written then.",
            _ => ex.Message,
        };
    }
}
