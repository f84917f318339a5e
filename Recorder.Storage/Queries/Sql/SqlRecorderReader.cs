namespace QuantowerRecorder.Storage.Queries.Sql;

/// <summary>
/// A read session on one store (a SQLite file or the PostgreSQL team store): one connection shared by its area
/// readers, which speak the same SQL apart from the dialect's few differences. Health is the store's own.
/// </summary>
internal sealed class SqlRecorderReader : IRecorderReader
{
    private readonly ReadConnection connection;

    public SqlRecorderReader(ReadConnection connection, Func<ReadConnection, IHealthReader> health)
    {
        this.connection = connection;
        Performance = new SqlPerformanceReader(connection);
        var journal = new SqlJournalReader(connection);
        Journal = journal;
        Runs = new SqlRunReader(connection, journal);
        Catalog = new SqlCatalogReader(connection);
        Trading = new SqlTradingReader(connection);
        MarketData = new SqlMarketDataReader(connection);
        Exports = new SqlExportReader(connection);
        Studies = new SqlStudyReader(connection);
        Health = health(connection);
    }

    public IRunReader Runs { get; }

    public ICatalogReader Catalog { get; }

    public ITradingReader Trading { get; }

    public IMarketDataReader MarketData { get; }

    public IPerformanceReader Performance { get; }

    public IExportReader Exports { get; }

    public IHealthReader Health { get; }

    public IStudyReader Studies { get; }

    public IJournalReader Journal { get; }

    /// <summary>
    /// A seam for tests: how many read transactions the session has begun so far, one per call, one per
    /// <see cref="InSnapshot{T}"/>.
    /// </summary>
    internal long ReadTransactions => connection.Transactions;

    public T InSnapshot<T>(Func<IRecorderReader, T> question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return connection.Read(_ => question(this));
    }

    public void Dispose() => connection.Dispose();
}
