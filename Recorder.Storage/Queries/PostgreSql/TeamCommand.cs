using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace QuantowerRecorder.Storage.Queries.PostgreSql;

/// <summary>A command of a <see cref="TeamConnection"/>: the recorder's SQL as PostgreSQL needs it.</summary>
internal sealed class TeamCommand(TeamConnection connection, DbCommand inner) : DbCommand
{
    [AllowNull]
    public override string CommandText
    {
        get => inner.CommandText;
        // Text is ordered byte by byte in both stores: SQLite does (BINARY), PostgreSQL does with COLLATE "C" (its
        // default collation follows the server's locale).
        set => inner.CommandText = value?.Replace("/*C*/", "COLLATE \"C\"", StringComparison.Ordinal);
    }

    public override int CommandTimeout
    {
        get => inner.CommandTimeout;
        set => inner.CommandTimeout = value;
    }

    public override CommandType CommandType
    {
        get => inner.CommandType;
        set => inner.CommandType = value;
    }

    public override bool DesignTimeVisible
    {
        get => inner.DesignTimeVisible;
        set => inner.DesignTimeVisible = value;
    }

    public override UpdateRowSource UpdatedRowSource
    {
        get => inner.UpdatedRowSource;
        set => inner.UpdatedRowSource = value;
    }

    protected override DbConnection? DbConnection
    {
        get => connection;
        set
        {
            if (value != connection)
            {
                throw new NotSupportedException("A team command stays with the connection that made it.");
            }
        }
    }

    protected override DbParameterCollection DbParameterCollection => inner.Parameters;

    protected override DbTransaction? DbTransaction
    {
        get => inner.Transaction;
        set => inner.Transaction = value;
    }

    public override void Cancel() => inner.Cancel();

    public override void Prepare() => inner.Prepare();

    public override int ExecuteNonQuery()
    {
        TypeNulls();
        return inner.ExecuteNonQuery();
    }

    public override object? ExecuteScalar()
    {
        TypeNulls();
        return inner.ExecuteScalar();
    }

    protected override DbParameter CreateDbParameter() => inner.CreateParameter();

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
    {
        TypeNulls();
        return new TeamReader(inner.ExecuteReader(behavior));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    // PostgreSQL must know a parameter's type even when it is null ("@strategy IS NULL"): every missing value is text,
    // as every text value is.
    private void TypeNulls()
    {
        foreach (DbParameter parameter in inner.Parameters)
        {
            if (parameter.Value is null or DBNull)
            {
                parameter.DbType = DbType.String;
            }
        }
    }
}
