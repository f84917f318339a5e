using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Sqlite;

/// <summary>
/// How every writer of the product changes the file: BEGIN IMMEDIATE, the work, COMMIT — or ROLLBACK and the error.
/// IMMEDIATE takes the write lock before any work, so a busy file fails at once (to be retried whole) instead of
/// at COMMIT after the work is done. Used by the session's writer, the migrator, the analysis store and pruning.
/// </summary>
internal static class WriteTransaction
{
    /// <summary>Runs <paramref name="work"/> in one transaction. State is passed explicitly so hot callers allocate no closure.</summary>
    public static TResult Run<TState, TResult>(SqliteConnection connection, TState state, Func<TState, TResult> work)
    {
        connection.Run("BEGIN IMMEDIATE;");
        var committed = false;
        try
        {
            var result = work(state);
            connection.Run("COMMIT;");
            committed = true;
            return result;
        }
        finally
        {
            if (!committed)
            {
                Rollback(connection);
            }
        }
    }

    public static void Run(SqliteConnection connection, Action work) =>
        Run(connection, work, static w =>
        {
            w();
            return true;
        });

    /// <summary>Undoes an open transaction; SQLite may already have rolled back (a full disk, an I/O error) or BEGIN never ran.</summary>
    public static void Rollback(SqliteConnection connection)
    {
        try
        {
            connection.Run("ROLLBACK;");
        }
        catch (SqliteException)
        {
            // Nothing to undo: the error that brought us here is the one the caller sees.
        }
    }
}
