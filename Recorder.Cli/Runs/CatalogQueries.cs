using Microsoft.Data.Sqlite;
using QuantowerRecorder.Cli.Output;

namespace QuantowerRecorder.Cli.Runs;

/// <summary>The design's read side beyond runs: strategies, their instances, and a run's fills and bars.</summary>
internal static class CatalogQueries
{
    public static RowSet Strategies(SqliteConnection connection) => RowSet.Query(connection, """
        SELECT s.strategy_id, s.name, s.version, s.vendor, s.source_ref, s.created_utc,
               (SELECT COUNT(*) FROM strategy_instances i WHERE i.strategy_id = s.strategy_id) AS instances,
               (SELECT COUNT(*) FROM strategy_runs r JOIN strategy_instances i ON i.instance_id = r.instance_id
                WHERE i.strategy_id = s.strategy_id) AS runs,
               (SELECT MAX(r.start_utc) FROM strategy_runs r JOIN strategy_instances i ON i.instance_id = r.instance_id
                WHERE i.strategy_id = s.strategy_id) AS last_run_utc
        FROM strategies s ORDER BY s.name, s.version, s.strategy_id
        """);

    /// <summary>Instances, of every strategy or of those whose name contains <paramref name="strategy"/> or whose id starts with it.</summary>
    public static RowSet Instances(SqliteConnection connection, string? strategy) => RowSet.Query(connection, """
        SELECT i.instance_id, i.strategy_id, s.name AS strategy_name, i.instance_name, i.parameters_json, i.symbol,
               i.symbols_json, i.timeframe, i.account_id, i.config_hash, i.created_utc,
               (SELECT COUNT(*) FROM strategy_runs r WHERE r.instance_id = i.instance_id) AS runs,
               (SELECT SUM(m.value) FROM run_metrics_kv m JOIN strategy_runs r ON r.run_id = m.run_id
                WHERE r.instance_id = i.instance_id AND m.key = 'net_pnl') AS net_pnl
        FROM strategy_instances i LEFT JOIN strategies s ON s.strategy_id = i.strategy_id
        WHERE @strategy IS NULL OR s.name LIKE '%' || @strategy || '%' OR i.strategy_id LIKE @strategy || '%'
        ORDER BY s.name, i.instance_name, i.instance_id
        """, ("@strategy", strategy));

    public static RowSet Executions(SqliteConnection connection, string runId) => RowSet.Query(connection, """
        SELECT execution_id, order_id, exec_utc, symbol, account_id, side, quantity, price, fee, fee_currency,
               liquidity, position_impact
        FROM executions WHERE run_id = @run ORDER BY exec_utc, id
        """, ("@run", runId));

    public static IReadOnlyList<(string Symbol, string Timeframe)> Series(SqliteConnection connection, string runId)
    {
        var rows = RowSet.Query(connection, "SELECT symbol, timeframe FROM run_series WHERE run_id = @run ORDER BY symbol, timeframe", ("@run", runId));
        return rows.Rows.Select(r => ((string)r[0]!, (string)r[1]!)).ToList();
    }

    public static RowSet Bars(SqliteConnection connection, string runId, string symbol, string timeframe) => RowSet.Query(connection, """
        SELECT s.symbol, s.timeframe, b.ts_utc, b.open, b.high, b.low, b.close, b.volume
        FROM bars b JOIN run_series s ON s.series_id = b.series_id
        WHERE s.run_id = @run AND s.symbol = @symbol AND s.timeframe = @timeframe
        ORDER BY b.ts_utc
        """, ("@run", runId), ("@symbol", symbol), ("@timeframe", timeframe));
}
