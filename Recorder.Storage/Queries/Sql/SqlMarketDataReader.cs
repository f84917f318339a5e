namespace QuantowerRecorder.Storage.Queries.Sql;

/// <summary>A run's bar series and bars.</summary>
internal sealed class SqlMarketDataReader : IMarketDataReader
{
    private readonly ReadConnection connection;

    public SqlMarketDataReader(ReadConnection connection) => this.connection = connection;

    public IReadOnlyList<RecordedSeries> Series(string runId) => connection.Read(c => Rows.Query(c,
        "SELECT symbol, timeframe, has_volumetric FROM run_series WHERE run_id = @run ORDER BY symbol /*C*/, timeframe /*C*/",
        r => new RecordedSeries(r.GetString(0), r.GetString(1), r.Integer(2) != 0), ("@run", runId)));

    public IReadOnlyList<BarRow> Bars(string runId, string symbol, string? timeframe = null) => connection.Read(c => Rows.Query(c, """
        SELECT s.symbol, s.timeframe, b.ts_utc, b.open, b.high, b.low, b.close, b.volume, b.volumetric_json
        FROM bars b JOIN run_series s ON s.series_id = b.series_id
        WHERE s.run_id = @run AND s.symbol = @symbol AND (@timeframe IS NULL OR s.timeframe = @timeframe)
        ORDER BY s.timeframe /*C*/, b.ts_utc
        """, r => new BarRow
    {
        Symbol = r.GetString(0), Timeframe = r.GetString(1), TsUtc = r.GetString(2), Open = r.GetDouble(3), High = r.GetDouble(4),
        Low = r.GetDouble(5), Close = r.GetDouble(6), Volume = r.Real(7), VolumetricJson = r.Text(8),
    }, ("@run", runId), ("@symbol", symbol), ("@timeframe", timeframe)));
}
