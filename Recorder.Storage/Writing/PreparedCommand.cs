using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// One SqliteCommand kept for the life of the connection with positional parameters: Microsoft.Data.Sqlite keeps
/// the statement prepared while its text does not change, so each row costs a bind and a step.
/// </summary>
internal sealed class PreparedCommand : IDisposable
{
    private readonly SqliteCommand command;
    private readonly SqliteParameter[] parameters;

    public PreparedCommand(SqliteConnection connection, string sql, params string[] names)
    {
        command = connection.CreateCommand();
        command.CommandText = sql;
        parameters = new SqliteParameter[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            parameters[i] = command.Parameters.Add(new SqliteParameter { ParameterName = names[i] });
        }
    }

    public int Execute(params object?[] values)
    {
        Bind(values);
        return command.ExecuteNonQuery();
    }

    public SqliteDataReader Reader(params object?[] values)
    {
        Bind(values);
        return command.ExecuteReader();
    }

    private void Bind(object?[] values)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    public void Dispose() => command.Dispose();
}
