using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Cli.Output;

/// <summary>A table of values as SQLite returned them (long, double, string or null), for export and --json.</summary>
internal sealed record RowSet(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)
{
    public static RowSet Query(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        using var reader = command.ExecuteReader();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return new RowSet(columns, rows);
    }
}
