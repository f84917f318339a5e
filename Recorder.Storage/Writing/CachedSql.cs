using System.Data;
using System.Data.Common;
using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Runs SQL through the connection's <see cref="StatementCache"/>, its parameters bound from an object's properties as
/// Dapper binds them; on a connection without one, <see cref="Run"/> and <see cref="Scalar"/> are Dapper's calls, and
/// <see cref="Rows"/> prepares its statement for the call alone and <see cref="Reader"/> is Dapper's reader. A kept statement that finds the file busy (SQLITE_BUSY, SQLITE_LOCKED) is tried
/// again every 150 ms for the connection's default timeout, as Microsoft.Data.Sqlite's commands are
/// (<see cref="Sqlite.DatabaseFile.DriverBusyTimeoutSeconds"/>): the callers' own retries sit on top of that wait.
/// </summary>
internal static class CachedSql
{
    private const int BusyPauseMilliseconds = 150;

    /// <summary>Runs a statement; returns the rows it changed.</summary>
    public static int Run(this SqliteConnection connection, string sql, object? args = null) =>
        StatementCache.Keeps(connection) ? Stepping(connection, sql, args, static s => s.Run()) : connection.Execute(sql, args);

    /// <summary>The first row's first column (null when there is no row, or it is NULL): <see cref="RawStatement.GetValue"/>.</summary>
    public static object? Scalar(this SqliteConnection connection, string sql, object? args = null) =>
        StatementCache.Keeps(connection) ? Stepping(connection, sql, args, static s => s.Next() ? s.GetValue(0) : null)
        : connection.ExecuteScalar(sql, args) is var value && value is DBNull ? null : value;

    /// <summary>
    /// The query's rows to read by ordinal: from the statement the connection keeps where it keeps its statements (its
    /// first row stepped here, with the same wait for a busy file as <see cref="Run"/>), else Dapper's reader on any
    /// connection, a file's or the team store's.
    /// </summary>
    public static IDataReader Reader(this DbConnection connection, string sql, object? args = null) =>
        connection is SqliteConnection sqlite && StatementCache.Keeps(sqlite) ? Kept(sqlite, sql, args) : connection.ExecuteReader(sql, args);

    /// <summary>Every row of <see cref="Reader"/>, each read by <paramref name="read"/>; read whole before it returns, so another
    /// query may run on the connection meanwhile (the team store's connection holds one reader at a time).</summary>
    public static List<T> ReadRows<T>(this DbConnection connection, string sql, object? args, Func<IDataReader, T> read)
    {
        using var reader = connection.Reader(sql, args);
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>Every row, each read by <paramref name="read"/> from the statement's current row.</summary>
    public static List<T> Rows<T>(this SqliteConnection connection, string sql, object? args, Func<RawStatement, T> read) =>
        Stepping(connection, sql, args, s =>
        {
            var rows = new List<T>();
            while (s.Next())
            {
                rows.Add(read(s));
            }

            return rows;
        });

    // Its first row stepped under the busy wait; the statement handed on to the reader, which gives it back.
    private static StatementReader Kept(SqliteConnection connection, string sql, object? args) =>
        Retried(connection, sql, args, handOn: true, static lease => new StatementReader(lease, lease.Statement.Next()));

    private static bool Busy(SqliteException ex, SqliteConnection connection, long started) =>
        ex.SqliteErrorCode is SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED
        && (connection.DefaultTimeout == 0 || Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(connection.DefaultTimeout));

    private static T Stepping<T>(SqliteConnection connection, string sql, object? args, Func<RawStatement, T> work) =>
        Retried(connection, sql, args, handOn: false, lease => work(lease.Statement));

    // The statement taken and worked; a busy file tried again every 150 ms, the statement reset and bound afresh, for the
    // connection's default timeout. Given back after the work unless handed on (a reader's, on success).
    private static T Retried<T>(SqliteConnection connection, string sql, object? args, bool handOn, Func<StatementCache.Lease, T> work)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var lease = StatementCache.Take(connection, sql, args);
            var handed = false;
            try
            {
                var result = work(lease);
                handed = handOn;
                return result;
            }
            catch (SqliteException ex) when (Busy(ex, connection, started))
            {
                // Tried again below.
            }
            finally
            {
                if (!handed)
                {
                    lease.Dispose();
                }
            }

            Thread.Sleep(BusyPauseMilliseconds);
        }
    }
}
