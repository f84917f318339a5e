using Dapper;

namespace QuantowerRecorder.Storage.Queries.Sql;

/// <summary>A run's bar series and bars.</summary>
internal sealed class SqlMarketDataReader : IMarketDataReader
{
    private readonly ReadConnection connection;

    public SqlMarketDataReader(ReadConnection connection) => this.connection = connection;

    public IReadOnlyList<RecordedSeries> Series(string runId) => connection.Read(c => c.Query<RecordedSeries>(
        "SELECT symbol, timeframe, has_volumetric FROM run_series WHERE run_id = @run ORDER BY symbol /*C*/, timeframe /*C*/",
        new { run = runId }).AsList());

    public IReadOnlyList<BarRow> Bars(string runId, string symbol, string? timeframe = null) => connection.Read(c => c.Query<BarRow>("""
        SELECT s.symbol, s.timeframe, b.ts_utc, b.open, b.high, b.low, b.close, b.volume, b.volumetric_json
        FROM bars b JOIN run_series s ON s.series_id = b.series_id
        WHERE s.run_id = @run AND s.symbol = @symbol AND (@timeframe IS NULL OR s.timeframe = @timeframe)
        ORDER BY s.timeframe /*C*/, b.ts_utc
        """, new { run = runId, symbol, timeframe }).AsList());
}
