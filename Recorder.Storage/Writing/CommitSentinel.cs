using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// A connection of the kept facts' own (<see cref="KeptFacts"/>) that tells whether another connection committed since
/// the writer last noted it: its data_version moves for every commit but its own, the writer's included, so the writer
/// notes it after each of its writes (<see cref="Note"/>), and a reading that finds it moved since (<see cref="Moved"/>)
/// was preceded by another connection's write. Used under the commits' lock only. One that cannot be opened or asked
/// counts as moved, and never throws: asked right after a commit, an exception would be taken for the commit's failure.
/// Once closed it is not opened again (a reading on the way as the writer closes is not left holding a connection open
/// after the writer's, which would keep the log and its index on the disk).
/// </summary>
/// <param name="path">The database file.</param>
/// <param name="open">Opens a reading connection on it (the writer's: with the factory its own connection is made by).</param>
internal sealed class CommitSentinel(string path, Func<string, SqliteConnection> open) : IDisposable
{
    private SqliteConnection? connection;
    private StatementCache? statements;
    private long? noted;
    private bool disposed;

    /// <summary>After a write of the writer's own: what the sentinel says now is the writer's.</summary>
    public void Note() => noted = Version();

    /// <summary>What the writer wrote last is not known to be noted: the next reading counts the sentinel moved.</summary>
    public void Forget() => noted = null;

    /// <summary>As a reading begins: whether another connection wrote since the last note (or it is not known); notes it.</summary>
    public bool Moved()
    {
        var now = Version();
        var moved = now is null || now != noted;
        noted = now;
        return moved;
    }

    public void Dispose()
    {
        disposed = true;
        Close();
        noted = null;
    }

    // Null when it cannot be asked: opening the file fails with the recorder's own exceptions too (a busy schema read is
    // translated, a file moved away is missing).
    private long? Version()
    {
        if (disposed)
        {
            return null;
        }

        try
        {
            if (connection is null)
            {
                connection = open(path);
                statements = StatementCache.Attach(connection);
            }

            return connection.Scalar("PRAGMA data_version;") is long v ? v : null;
        }
        catch (Exception ex) when (ex is SqliteException or Sqlite.RecorderDatabaseException or IOException or UnauthorizedAccessException)
        {
            Close();
            return null;
        }
    }

    // Its statement before its connection: none outlives the connection.
    private void Close()
    {
        statements?.Dispose();
        statements = null;
        connection?.Dispose();
        connection = null;
    }
}
