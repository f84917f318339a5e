using Npgsql;

namespace QuantowerRecorder.Storage.PostgreSql;

/// <summary>A statement on the team database with its named parameters.</summary>
internal static class TeamSql
{
    public static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, params (string Name, object Value)[] values)
    {
        var command = new NpgsqlCommand(sql, connection, tx);
        foreach (var (name, value) in values)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    /// <summary>Runs the statement; the number of rows it changed.</summary>
    public static int Execute(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, params (string Name, object Value)[] values)
    {
        using var command = Command(connection, tx, sql, values);
        return command.ExecuteNonQuery();
    }

    /// <summary>Runs the query and disposes it; its rows, each read by <paramref name="read"/>.</summary>
    public static List<T> Rows<T>(NpgsqlCommand query, Func<NpgsqlDataReader, T> read)
    {
        using (query)
        using (var reader = query.ExecuteReader())
        {
            var rows = new List<T>();
            while (reader.Read())
            {
                rows.Add(read(reader));
            }

            return rows;
        }
    }
}
