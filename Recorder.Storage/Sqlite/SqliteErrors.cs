using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Storage.Sqlite;

/// <summary>
/// Classifies SQLite errors: transient ones are retried, the rest are permanent. Public so that every project reads
/// an error code the same way rather than retyping the numbers.
/// </summary>
public static class SqliteErrors
{
    internal const int Busy = 5;
    internal const int Locked = 6;
    internal const int ReadOnly = 8;
    internal const int IoErr = 10;
    internal const int Corrupt = 11;
    internal const int Full = 13;
    internal const int CantOpen = 14;
    internal const int NotADb = 26;

    /// <summary>SQLITE_BUSY and SQLITE_LOCKED (and their extended codes): another connection holds the lock.</summary>
    public static bool IsTransient(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: Busy or Locked };

    /// <summary>Errors that concern the whole file rather than one event: retrying one event at a time is useless.</summary>
    internal static bool IsFileLevel(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: ReadOnly or IoErr or Corrupt or Full or CantOpen or NotADb }
        || exception is IOException;

    /// <summary>SQLITE_CORRUPT and SQLITE_NOTADB: the file is damaged; no retry can help.</summary>
    public static bool IsCorruption(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: Corrupt or NotADb };
}
