using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace QuantowerRecorder.Storage.Queries.PostgreSql;

/// <summary>
/// A PostgreSQL connection that runs the recorder's SQL as a file does (docs/decisions.md, 23), so that the read API and
/// the statements Storage shares with the team store speak one SQL through Dapper on both stores. The one place that
/// knows what PostgreSQL needs of that SQL: <c>/*C*/</c> becomes <c>COLLATE "C"</c> (text ordered byte by byte, as
/// SQLite orders it; SQLite reads the marker as a comment), a null parameter is typed as text (PostgreSQL must know a
/// parameter's type even for "@p IS NULL"), and a jsonb column reads back in the file's canonical text
/// (<see cref="Sql.JsonbText"/>). The team store's own statements (push, its migrations) run on the Npgsql connection
/// itself, <see cref="Inner"/>, where Dapper passes arrays as PostgreSQL arrays.
/// </summary>
/// <remarks>
/// A statement runs in the connection's pending transaction: Npgsql runs every command of a connection in its one
/// transaction, so none needs naming. Disposing it disposes the connection it wraps.
/// </remarks>
public sealed class TeamConnection : DbConnection
{
    /// <summary>Wraps an Npgsql connection (open or not).</summary>
    public TeamConnection(DbConnection inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
    }

    /// <summary>The PostgreSQL connection itself.</summary>
    public DbConnection Inner { get; }

    /// <inheritdoc/>
    [AllowNull]
    public override string ConnectionString
    {
        get => Inner.ConnectionString;
        set => Inner.ConnectionString = value;
    }

    /// <inheritdoc/>
    public override string Database => Inner.Database;

    /// <inheritdoc/>
    public override string DataSource => Inner.DataSource;

    /// <inheritdoc/>
    public override string ServerVersion => Inner.ServerVersion;

    /// <inheritdoc/>
    public override ConnectionState State => Inner.State;

    /// <inheritdoc/>
    public override void ChangeDatabase(string databaseName) => Inner.ChangeDatabase(databaseName);

    /// <inheritdoc/>
    public override void Close() => Inner.Close();

    /// <inheritdoc/>
    public override void Open() => Inner.Open();

    /// <inheritdoc/>
    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => Inner.BeginTransaction(isolationLevel);

    /// <inheritdoc/>
    protected override DbCommand CreateDbCommand() => new TeamCommand(this, Inner.CreateCommand());

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
