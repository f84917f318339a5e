using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Queries.Sqlite;

/// <summary>A read session on a SQLite recorder file: one query_only connection shared by its area readers.</summary>
internal sealed class SqliteRecorderReader : IRecorderReader
{
    private readonly ReadConnection connection;

    public SqliteRecorderReader(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        connection = new ReadConnection(DatabaseFile.OpenForReading(fullPath), fullPath);
        Performance = new SqlitePerformanceReader(connection);
        Runs = new SqliteRunReader(connection, Performance);
        Catalog = new SqliteCatalogReader(connection);
        Trading = new SqliteTradingReader(connection);
        MarketData = new SqliteMarketDataReader(connection);
        Exports = new SqliteExportReader(connection);
        Health = new SqliteHealthReader(connection);
    }

    public IRunReader Runs { get; }

    public ICatalogReader Catalog { get; }

    public ITradingReader Trading { get; }

    public IMarketDataReader MarketData { get; }

    public IPerformanceReader Performance { get; }

    public IExportReader Exports { get; }

    public IHealthReader Health { get; }

    public void Dispose() => connection.Dispose();
}
