using System.Data;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace QuantowerRecorder.Storage.Sqlite;

/// <summary>
/// The reading connections of one file's writer jobs (a run's analysis, the trials' figures, a backtest's facts read on
/// the way, a live run's drift), kept open from one job to the next: each is opened, made query-only and has the
/// file's schema parsed once, not at every job — about a millisecond of each pass of an optimisation, whose end
/// analysis and figures each opened one. A connection is kept only if it comes back outside a transaction, at most
/// <see cref="Kept"/> of them; all are closed with the writer, before its own connection (the last connection to close
/// tidies the -wal and -shm files away): the writer's close waits for those still leased (<see cref="Leased"/>), told
/// by <paramref name="returned"/> each time one comes back. A lease may be counted on one thread and its connection
/// taken on another (<see cref="Reserve"/>): the writer's thread counts the log's copies it starts, which then open
/// what they need on the thread pool, so that the writer never waits for a connection to open.
/// </summary>
/// <param name="path">The file.</param>
/// <param name="returned">Told each time a lease comes back.</param>
/// <param name="connect">Makes a new connection from its connection string (tests: see which thread opens one).</param>
internal sealed class ReadConnections(string path, Action? returned = null, Func<string, SqliteConnection>? connect = null) : IDisposable
{
    /// <summary>How many idle connections are kept: a run's analysis reads on two at once, a figures job on one more.</summary>
    public const int Kept = 3;

    private readonly object gate = new();
    private readonly Stack<SqliteConnection> idle = new();
    private bool disposed;
    private int leased;
    private int taken;

    /// <summary>The file the connections read.</summary>
    public string Path { get; } = path;

    /// <summary>Idle connections kept now (tests).</summary>
    public int Idle
    {
        get
        {
            lock (gate)
            {
                return idle.Count;
            }
        }
    }

    /// <summary>Connections leased now, not given back yet.</summary>
    public int Leased => Volatile.Read(ref leased);

    /// <summary>Leases counted so far, given back or not (tests).</summary>
    internal int Taken => Volatile.Read(ref taken);

    /// <summary>A kept connection, else a new one (<see cref="DatabaseFile.OpenForReading(string)"/>); dispose the lease to give it back.</summary>
    public Lease Open()
    {
        Interlocked.Increment(ref taken);
        Interlocked.Increment(ref leased);
        return Counted();
    }

    /// <summary>
    /// A lease counted now, as <see cref="Open"/> counts it (the writer's close waits for it), whose connection
    /// <see cref="Reservation.Open"/> takes later, maybe on another thread. Its one <see cref="Reservation.Open"/> must
    /// be called, whatever happens: until its lease is given back it is counted.
    /// </summary>
    public Reservation Reserve()
    {
        Interlocked.Increment(ref taken);
        Interlocked.Increment(ref leased);
        return new Reservation(this);
    }

    // The connection of a lease already counted: a kept one, else a new one.
    private Lease Counted()
    {
        try
        {
            lock (gate)
            {
                if (!disposed && idle.TryPop(out var kept))
                {
                    return new Lease(this, kept);
                }
            }

            var connection = DatabaseFile.OpenForReading(Path, connect ?? DatabaseFile.NewConnection);
            // Its statements kept prepared for as long as it is kept (docs/decisions.md, 20): a reading's BEGIN and COMMIT,
            // its snapshot's first reads and the bars' reads, run once a job, were prepared again at every one.
            Writing.StatementCache.Attach(connection);
            return new Lease(this, connection);
        }
        catch
        {
            Returned();
            throw;
        }
    }

    /// <summary>Closes the idle connections; one given back later is closed then.</summary>
    public void Dispose()
    {
        List<SqliteConnection> closing;
        lock (gate)
        {
            disposed = true;
            closing = [.. idle];
            idle.Clear();
        }

        closing.ForEach(Close);
    }

    private void GiveBack(SqliteConnection connection)
    {
        try
        {
            // Inside a transaction (a reading that failed half-way) it would hold its snapshot, and the WAL with it: closed.
            if (connection.State == ConnectionState.Open && connection.Handle is { } handle && raw.sqlite3_get_autocommit(handle) != 0)
            {
                lock (gate)
                {
                    if (!disposed && idle.Count < Kept)
                    {
                        idle.Push(connection);
                        return;
                    }
                }
            }

            Close(connection);
        }
        finally
        {
            Returned();
        }
    }

    // Its kept statements finalised first: a connection closed with statements still prepared stays open in SQLite until
    // they are, and the last connection to close would not tidy the -wal and -shm files away.
    private static void Close(SqliteConnection connection)
    {
        Writing.StatementCache.Detach(connection);
        connection.Dispose();
    }

    // Counted back once the connection is kept or closed; whoever waits for the leases is told.
    private void Returned()
    {
        Interlocked.Decrement(ref leased);
        returned?.Invoke();
    }

    /// <summary>A lease counted (<see cref="Reserve"/>) whose connection is not taken yet.</summary>
    public sealed class Reservation(ReadConnections owner)
    {
        private int opened;

        /// <summary>The reserved lease's connection, a kept one or a new one; a second call throws.</summary>
        public Lease Open() => Interlocked.Exchange(ref opened, 1) == 0
            ? owner.Counted()
            : throw new InvalidOperationException("the reserved lease was already opened");
    }

    /// <summary>One job's use of a connection.</summary>
    public sealed class Lease(ReadConnections owner, SqliteConnection connection) : IDisposable
    {
        private int given;

        public SqliteConnection Connection { get; } = connection;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref given, 1) == 0)
            {
                owner.GiveBack(Connection);
            }
        }
    }
}
