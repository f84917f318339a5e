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
}
