using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// One SqliteCommand kept for the life of the connection, for statements that return rows or are not hot enough for
/// <see cref="RawStatement"/>: Microsoft.Data.Sqlite keeps it prepared while its text does not change, so each use
/// costs a bind and a step. Its parameters are the members of one enum, checked against the statement once when it is
/// prepared (as <see cref="NamedStatement{TParam}"/> checks them), and every value names the parameter it fills, so two
/// values cannot change places silently. A value not bound again since the last use fails the next one.
/// </summary>
internal sealed class PreparedCommand<TParam> : IDisposable where TParam : struct, Enum
{
    private readonly SqliteCommand command;
    private readonly SqliteParameter[] parameters;

    public PreparedCommand(SqliteConnection connection, string sql)
    {
        NamedStatement<TParam>.Prepare(connection, sql).Dispose();
        command = connection.CreateCommand();
        command.CommandText = sql;
        parameters = Array.ConvertAll(NamedStatement<TParam>.Names, name => command.Parameters.Add(new SqliteParameter { ParameterName = name }));
    }

    public PreparedCommand<TParam> Bind(TParam parameter, object? value)
    {
        parameters[NamedStatement<TParam>.Slot(parameter)].Value = value ?? DBNull.Value;
        return this;
    }

    public int Execute()
    {
        try
        {
            RequireBound();
            return command.ExecuteNonQuery();
        }
        finally
        {
            Unbind();
        }
    }

    public SqliteDataReader Reader()
    {
        try
        {
            RequireBound();
            return command.ExecuteReader();
        }
        finally
        {
            Unbind();
        }
    }

    public void Dispose() => command.Dispose();

    private void RequireBound()
    {
        foreach (var parameter in parameters)
        {
            if (parameter.Value is null)
            {
                throw new InvalidOperationException($"{parameter.ParameterName} has no value: every parameter is bound again for each use.");
            }
        }
    }

    // The values are bound to the statement when it starts, so they can be dropped at once: a value left over from
    // the last use must never be taken for this one's.
    private void Unbind()
    {
        foreach (var parameter in parameters)
        {
            parameter.Value = null;
        }
    }
}
