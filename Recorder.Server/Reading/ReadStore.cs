using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Server.Reading;

/// <summary>
/// TEMPORARY ADAPTER — to be replaced by Storage's public read API (Recorder.Storage/Queries, the layers issue), which
/// had not landed when the server was written. It reads only the documented views and tables of schema.sql, through a
/// query_only connection, and nothing in it takes SQL or a path from a client: every statement is a constant here,
/// every client value a parameter.
/// </summary>
internal sealed class ReadStore(string databasePath)
{
    public string DatabasePath { get; } = databasePath;

    public IReadOnlyList<IDictionary<string, object?>> Strategies() => Rows(
        """
        SELECT s.strategy_id, s.name, s.version, s.vendor, s.source_ref, s.notes, s.created_utc,
               (SELECT COUNT(*) FROM strategy_instances i WHERE i.strategy_id = s.strategy_id) AS instance_count,
               (SELECT COUNT(*) FROM strategy_runs r JOIN strategy_instances i ON i.instance_id = r.instance_id
                 WHERE i.strategy_id = s.strategy_id) AS run_count
        FROM strategies s ORDER BY s.name, s.strategy_id
        """);

    public IDictionary<string, object?>? Strategy(string id) => Rows(
        "SELECT strategy_id, name, version, vendor, source_ref, notes, created_utc FROM strategies WHERE strategy_id = @id",
        new { id }).FirstOrDefault();

    public IReadOnlyList<IDictionary<string, object?>> Instances(string strategyId) => Rows(
        """
        SELECT i.*, (SELECT COUNT(*) FROM strategy_runs r WHERE r.instance_id = i.instance_id) AS run_count
        FROM strategy_instances i WHERE i.strategy_id = @strategyId ORDER BY i.instance_name, i.instance_id
        """, new { strategyId });

    public bool InstanceExists(string instanceId) =>
        Scalar("SELECT COUNT(*) FROM strategy_instances WHERE instance_id = @instanceId", new { instanceId }) > 0;

    public bool RunExists(string runId) => Scalar("SELECT COUNT(*) FROM strategy_runs WHERE run_id = @runId", new { runId }) > 0;

    public IReadOnlyList<IDictionary<string, object?>> RunsOfInstance(string instanceId) => Rows(
        "SELECT * FROM v_runs WHERE instance_id = @instanceId ORDER BY start_utc, run_id", new { instanceId });

    /// <summary>Runs matching the filter, one page of them, and how many match in all.</summary>
    public (long Total, IReadOnlyList<IDictionary<string, object?>> Page) Runs(RunQuery query)
    {
        // Each filter is a constant clause with a parameter; a missing filter matches everything.
        const string where = """
            WHERE (@strategy IS NULL OR strategy = @strategy COLLATE NOCASE)
              AND (@instance IS NULL OR instance_id = @instance OR instance_name = @instance COLLATE NOCASE)
              AND (@type IS NULL OR run_type = @type COLLATE NOCASE)
              AND (@status IS NULL OR status = @status COLLATE NOCASE)
              AND (@from IS NULL OR start_utc >= @from)
              AND (@to IS NULL OR start_utc < @to)
            """;
        var args = new
        {
            strategy = query.Strategy, instance = query.Instance, type = query.Type, status = query.Status,
            from = query.From?.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
            to = query.To?.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
            limit = query.Limit, offset = query.Offset,
        };
        var total = Scalar("SELECT COUNT(*) FROM v_runs " + where, args);
        // The sort column comes from RunQuery.SortColumns, a fixed list, never from the client's text.
        var page = Rows($"SELECT * FROM v_runs {where} ORDER BY {query.SortColumn} {(query.Descending ? "DESC" : "ASC")} NULLS LAST, run_id LIMIT @limit OFFSET @offset", args);
        return (total, page);
    }

    public IDictionary<string, object?>? Run(string runId) => Rows("SELECT * FROM v_runs WHERE run_id = @runId", new { runId }).FirstOrDefault();

    public IReadOnlyList<IDictionary<string, object?>> Metrics(string runId) => Rows(
        "SELECT key, value, unit FROM v_run_metrics WHERE run_id = @runId ORDER BY key", new { runId });

    public IReadOnlyList<IDictionary<string, object?>> Instruments(string runId) => Rows(
        "SELECT symbol, tick_size, tick_value, point_value, lot_size, currency, account_currency, symbol_type, exchange FROM run_instruments WHERE run_id = @runId ORDER BY symbol",
        new { runId });

    public IReadOnlyList<IDictionary<string, object?>> Executions(string runId) => Rows(
        """
        SELECT execution_id, order_id, exec_utc, symbol, account_id, side, price, quantity, fee, fee_currency, liquidity, position_impact
        FROM executions WHERE run_id = @runId ORDER BY exec_utc, id
        """, new { runId });

    public IReadOnlyList<IDictionary<string, object?>> Orders(string runId) => Rows(
        """
        SELECT v.*, o.parent_order_id FROM v_orders v JOIN orders o ON o.run_id = v.run_id AND o.order_id = v.order_id
        WHERE v.run_id = @runId ORDER BY v.submit_utc, v.order_id
        """, new { runId });

    public IReadOnlyList<IDictionary<string, object?>> Trades(string runId) => Rows(
        "SELECT * FROM v_trades WHERE run_id = @runId ORDER BY trade_no", new { runId });

    public IReadOnlyList<IDictionary<string, object?>> Equity(string runId) => Rows(
        "SELECT ts_utc, equity, drawdown, drawdown_pct FROM run_equity WHERE run_id = @runId ORDER BY seq", new { runId });

    public IReadOnlyList<IDictionary<string, object?>> OcoGroups(string runId) => Rows(
        "SELECT * FROM v_oco_groups WHERE run_id = @runId ORDER BY created_utc, oco_group_id", new { runId });

    /// <summary>Every leg of the run's OCO groups with its order's prices and lifetime: the page's bracket lines.</summary>
    public IReadOnlyList<IDictionary<string, object?>> OcoLegs(string runId) => Rows(
        """
        SELECT l.oco_group_id, l.order_id, l.oco_role, o.symbol, o.side, o.order_type, o.price, o.stop_price, o.status,
               o.submit_utc, o.update_utc
        FROM order_oco_links l LEFT JOIN orders o ON o.run_id = l.run_id AND o.order_id = l.order_id
        WHERE l.run_id = @runId ORDER BY l.oco_group_id, l.id
        """, new { runId });

    public IReadOnlyList<IDictionary<string, object?>> Series(string runId) => Rows(
        "SELECT series_id, symbol, timeframe, source, start_utc, end_utc, has_volumetric FROM run_series WHERE run_id = @runId ORDER BY symbol, timeframe",
        new { runId });

    public IReadOnlyList<IDictionary<string, object?>> Bars(string seriesId) => Rows(
        "SELECT ts_utc, open, high, low, close, volume, volumetric_json FROM bars WHERE series_id = @seriesId ORDER BY ts_utc",
        new { seriesId });

    public IReadOnlyList<IDictionary<string, object?>> InstanceComparison(string? strategy) => Rows(
        "SELECT * FROM v_instance_comparison WHERE @strategy IS NULL OR strategy = @strategy COLLATE NOCASE ORDER BY strategy, instance_name, phase",
        new { strategy });

    public long Count(string table) => table switch
    {
        // A fixed set of names: the table name is never the client's text.
        "strategies" or "strategy_instances" or "strategy_runs" or "orders" or "executions" or "bars" or "ingest_events" or "ingest_quarantine"
            => Scalar($"SELECT COUNT(*) FROM {table}"),
        _ => throw new ArgumentOutOfRangeException(nameof(table)),
    };

    public long SchemaVersion() => Scalar("PRAGMA user_version");

    private SqliteConnection Open() => DatabaseFile.OpenForReading(DatabasePath);

    private List<IDictionary<string, object?>> Rows(string sql, object? args = null)
    {
        using var connection = Open();
        return connection.Query(sql, args).Select(r => (IDictionary<string, object?>)(IDictionary<string, object>)r).ToList();
    }

    private long Scalar(string sql, object? args = null)
    {
        using var connection = Open();
        return connection.ExecuteScalar<long>(sql, args);
    }
}
