using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Storage.Queries.Sqlite;

/// <summary>Runs one statement and maps its rows by hand: the mapping is explicit, with no process-wide Dapper settings.</summary>
internal static class Rows
{
    public static List<T> Query<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> map,
        params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public static object? Scalar(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public static StoredTable Table(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<IReadOnlyList<object?>>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return new StoredTable(columns, rows);
    }

    /// <summary>A parameter list "@p0, @p1, …" for an IN clause, with its values.</summary>
    public static (string List, (string Name, object? Value)[] Parameters) In(IReadOnlyList<string> values, string prefix = "@p")
    {
        var parameters = values.Select((v, i) => ($"{prefix}{i}", (object?)v)).ToArray();
        return (parameters.Length == 0 ? "NULL" : string.Join(", ", parameters.Select(p => p.Item1)), parameters);
    }

    public static string? Text(this SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    public static string Required(this SqliteDataReader reader, int i) => reader.IsDBNull(i) ? string.Empty : reader.GetString(i);

    public static double? Real(this SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);

    public static long Integer(this SqliteDataReader reader, int i) => reader.IsDBNull(i) ? 0 : reader.GetInt64(i);

    private static SqliteCommand Command(SqliteConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
