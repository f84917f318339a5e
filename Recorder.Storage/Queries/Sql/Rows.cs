using System.Data;
using System.Data.Common;

namespace QuantowerRecorder.Storage.Queries.Sql;

/// <summary>
/// The one way Storage and the team store run cold SQL (docs/decisions.md, 23): one statement, its parameters as
/// ("@name", value) pairs, its rows mapped by ordinal next to the SQL; over any <see cref="DbConnection"/>, so the same
/// SQL runs on a file and on the team store alike. The hot path keeps its prepared statements (Writing/RawStatement.cs).
/// </summary>
/// <remarks>
/// <para>
/// Public for the team store (Recorder.Storage.PostgreSql), which runs its statements and reads its source files
/// through it; the rest of it (whole tables, IN lists, the reader's typed getters) is Storage's own.
/// </para>
/// <para>
/// What PostgreSQL needs is done here: a null or text parameter is typed as text (PostgreSQL must know the type of
/// "@p IS NULL"), and <c>/*C*/</c> in the SQL becomes <c>COLLATE "C"</c> (text ordered byte by byte, as SQLite orders
/// it; SQLite reads the marker as a comment). A statement runs in the connection's pending transaction, if any: SQLite
/// gives a command made by the connection its transaction, and Npgsql runs every command of a connection in its one
/// transaction (it ignores <see cref="DbCommand.Transaction"/>), so none is named.
/// </para>
/// </remarks>
public static class Rows
{
    /// <summary>Runs the statement and returns its rows, each mapped by <paramref name="map"/> as it is read.</summary>
    /// <param name="connection">An open connection (SQLite or PostgreSQL).</param>
    /// <param name="sql">One statement, its parameters named as in <paramref name="parameters"/>.</param>
    /// <param name="map">Reads one row, by ordinal.</param>
    /// <param name="parameters">("@name", value) pairs; a null value is bound as NULL.</param>
    public static List<T> Query<T>(DbConnection connection, string sql, Func<DbDataReader, T> map,
        params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(map);
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>
    /// <see cref="Query{T}"/> for more rows than memory should hold: each row is mapped as it is read. The statement
    /// stays open until the caller has taken the last row or stopped. A <paramref name="map"/> that returns the reader
    /// itself hands out each row to be read where it is taken, until the next one is (push's bulk copy).
    /// </summary>
    /// <param name="connection">An open connection (SQLite or PostgreSQL).</param>
    /// <param name="sql">One statement, its parameters named as in <paramref name="parameters"/>.</param>
    /// <param name="map">Reads one row, by ordinal.</param>
    /// <param name="parameters">("@name", value) pairs; a null value is bound as NULL.</param>
    public static IEnumerable<T> Stream<T>(DbConnection connection, string sql, Func<DbDataReader, T> map,
        params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(map);
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return map(reader);
        }
    }

    /// <summary>Runs the statement and returns the first column of its first row; null for NULL or no row.</summary>
    /// <param name="connection">An open connection (SQLite or PostgreSQL).</param>
    /// <param name="sql">One statement, its parameters named as in <paramref name="parameters"/>.</param>
    /// <param name="parameters">("@name", value) pairs; a null value is bound as NULL.</param>
    public static object? Scalar(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>Runs the statement (or statements, one after the other) and returns how many rows it changed.</summary>
    /// <param name="connection">An open connection (SQLite or PostgreSQL).</param>
    /// <param name="sql">The SQL, its parameters named as in <paramref name="parameters"/>.</param>
    /// <param name="parameters">("@name", value) pairs; a null value is bound as NULL.</param>
    public static int Execute(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>Whether the statement's one value is a non-zero integer: an EXISTS(…).</summary>
    internal static bool Exists(DbConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        Scalar(connection, sql, parameters) is long found && found != 0;

    internal static StoredTable Table(DbConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        Batches(connection, sql, int.MaxValue, parameters).Single();

    /// <summary>
    /// The statement's rows in tables of at most <paramref name="rows"/> rows, read as they are taken; at least one,
    /// empty when there are no rows, so the columns are always known.
    /// </summary>
    internal static IEnumerable<StoredTable> Batches(DbConnection connection, string sql, int rows, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var batch = new List<IReadOnlyList<object?>>();
        // A column's type is the statement's, not the row's: asked once, on the first row (SQLite answers from the row
        // when a column has no declared type), instead of once per value (the export benchmark).
        bool[]? jsonb = null;
        var any = false;
        while (reader.Read())
        {
            jsonb ??= Enumerable.Range(0, reader.FieldCount).Select(i => JsonbText.IsJsonb(reader, i)).ToArray();
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                // One call per value: GetValue answers a NULL with DBNull.
                var value = reader.GetValue(i);
                row[i] = value is DBNull ? null : jsonb[i] ? JsonbText.Read(reader, i) : value;
            }

            batch.Add(row);
            if (batch.Count == rows)
            {
                any = true;
                yield return new StoredTable(columns, batch);
                batch = [];
            }
        }

        if (batch.Count > 0 || !any)
        {
            yield return new StoredTable(columns, batch);
        }
    }

    /// <summary>A parameter list "@p0, @p1, …" for an IN clause, with its values.</summary>
    internal static (string List, (string Name, object? Value)[] Parameters) In(IReadOnlyList<string> values, string prefix = "@p")
    {
        var parameters = values.Select((v, i) => ($"{prefix}{i}", (object?)v)).ToArray();
        return (parameters.Length == 0 ? "NULL" : string.Join(", ", parameters.Select(p => p.Item1)), parameters);
    }

    internal static string? Text(this DbDataReader reader, int i) => reader.IsDBNull(i) ? null : JsonbText.Read(reader, i);

    internal static string Required(this DbDataReader reader, int i) => reader.IsDBNull(i) ? string.Empty : JsonbText.Read(reader, i);

    internal static double? Real(this DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);

    internal static long? IntegerOrNull(this DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetInt64(i);

    internal static long Integer(this DbDataReader reader, int i) => reader.IsDBNull(i) ? 0 : reader.GetInt64(i);

    internal static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(parameters);
        var command = connection.CreateCommand();
        // Text is ordered byte by byte in both stores: SQLite does (BINARY), PostgreSQL does with COLLATE "C" (its
        // default collation follows the server's locale). SQLite reads the marker as a comment.
        command.CommandText = connection is Microsoft.Data.Sqlite.SqliteConnection ? sql : sql.Replace("/*C*/", "COLLATE \"C\"", StringComparison.Ordinal);
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            // PostgreSQL must know a parameter's type even when it is null ("@strategy IS NULL"); every text or
            // missing value of the read API is text.
            if (value is null or string)
            {
                parameter.DbType = DbType.String;
            }

            command.Parameters.Add(parameter);
        }

        return command;
    }
}
