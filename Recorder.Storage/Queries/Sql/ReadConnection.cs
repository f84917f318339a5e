using System.Data.Common;
using Dapper;

namespace QuantowerRecorder.Storage.Queries.Sql;

/// <summary>
/// The one way the read API reads: each public call runs in one read transaction (SQLite: deferred; PostgreSQL:
/// repeatable read, read only), so it sees one snapshot of the store even while a writer commits. A call made inside
/// another joins its transaction: a question asked through <see cref="IRecorderReader.InSnapshot{T}"/> is one
/// transaction, whatever it calls.
/// </summary>
internal sealed class ReadConnection : IDisposable
{
    private int depth;

    public ReadConnection(DbConnection connection, string path, ReadDialect? dialect = null)
    {
        Connection = connection;
        Path = path;
        Dialect = dialect ?? ReadDialect.Sqlite;
    }

    public DbConnection Connection { get; }

    /// <summary>The file's full path (SQLite), or how the store is shown (a masked connection string).</summary>
    public string Path { get; }

    public ReadDialect Dialect { get; }

    /// <summary>How many read transactions the connection has begun (a nested call begins none).</summary>
    public long Transactions { get; private set; }

    public T Read<T>(Func<DbConnection, T> work)
    {
        if (depth > 0)
        {
            return work(Connection);
        }

        Begin();
        depth++;
        var committed = false;
        try
        {
            var result = work(Connection);
            Execute("COMMIT");
            committed = true;
            return result;
        }
        finally
        {
            depth--;
            if (!committed)
            {
                Rollback();
            }
        }
    }

    /// <summary>
    /// <see cref="Read{T}"/> for a result handed out piece by piece: the transaction lasts until the caller has taken
    /// the last piece or stopped (disposed the enumerator). Until then the connection is busy: PostgreSQL runs one
    /// statement at a time on it.
    /// </summary>
    public IEnumerable<T> Stream<T>(Func<DbConnection, IEnumerable<T>> work)
    {
        if (depth > 0)
        {
            foreach (var item in work(Connection))
            {
                yield return item;
            }

            yield break;
        }

        Begin();
        depth++;
        try
        {
            foreach (var item in work(Connection))
            {
                yield return item;
            }
        }
        finally
        {
            depth--;
            // Nothing was written: ending the snapshot either way is the same, and a rollback cannot fail on a commit.
            Rollback();
        }
    }

    public void Dispose() => Connection.Dispose();

    private void Execute(string sql) => Connection.Execute(sql);

    private void Begin()
    {
        Execute(Dialect.Begin);
        Transactions++;
    }

    private void Rollback()
    {
        try
        {
            Execute("ROLLBACK");
        }
        catch (DbException)
        {
            // Nothing to undo: the error that brought us here is the one the caller sees.
        }
    }
}
