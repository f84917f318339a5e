using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Queries.Sqlite;

/// <summary>
/// The one way the read API reads: each public call runs in one deferred read transaction, so it sees one snapshot
/// of the file even while the recorder commits. A call made inside another joins its transaction.
/// </summary>
internal sealed class ReadConnection : IDisposable
{
    private int depth;

    public ReadConnection(SqliteConnection connection, string path)
    {
        Connection = connection;
        Path = path;
    }

    public SqliteConnection Connection { get; }

    public string Path { get; }

    public T Read<T>(Func<SqliteConnection, T> work)
    {
        if (depth > 0)
        {
            return work(Connection);
        }

        DatabaseFile.Execute(Connection, "BEGIN;");
        depth++;
        var committed = false;
        try
        {
            var result = work(Connection);
            DatabaseFile.Execute(Connection, "COMMIT;");
            committed = true;
            return result;
        }
        finally
        {
            depth--;
            if (!committed)
            {
                WriteTransaction.Rollback(Connection);
            }
        }
    }

    public void Dispose() => Connection.Dispose();
}
