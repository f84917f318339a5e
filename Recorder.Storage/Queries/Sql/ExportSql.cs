namespace QuantowerRecorder.Storage.Queries.Sql;

/// <summary>The statements `recorder export` writes, one per kind; the typed readers read orders and trades through the same ones.</summary>
internal static class ExportSql
{
    public const string Orders = """
        SELECT o.order_id, o.parent_order_id, o.symbol, o.account_id, o.side, o.order_type, o.tif, o.quantity,
               o.price, o.stop_price, o.status, o.submit_utc, o.update_utc, o.filled_quantity, o.avg_fill_price,
               o.client_tag, o.position_impact,
               (SELECT l.oco_group_id FROM order_oco_links l WHERE l.run_id = o.run_id AND l.order_id = o.order_id ORDER BY l.id LIMIT 1) AS oco_group_id,
               (SELECT l.oco_role FROM order_oco_links l WHERE l.run_id = o.run_id AND l.order_id = o.order_id ORDER BY l.id LIMIT 1) AS oco_role
        FROM orders o WHERE o.run_id = @run ORDER BY o.submit_utc, o.order_id /*C*/
        """;

    public const string Executions = """
        SELECT execution_id, order_id, exec_utc, symbol, account_id, side, price, quantity, fee, fee_currency,
               liquidity, position_impact
        FROM executions WHERE run_id = @run ORDER BY exec_utc, execution_id /*C*/
        """;

    public const string Trades = """
        SELECT trade_no, symbol, account_id, side, quantity, entry_utc, exit_utc, entry_price, exit_price, gross_pnl,
               fees, net_pnl, pnl_percent, holding_seconds, mae, mfe, excursion_source, entry_order_ids,
               exit_order_ids, entry_tag, exit_tag, exit_reason, initial_stop, r_multiple, is_open, unrealized_pnl
        FROM run_trades WHERE run_id = @run ORDER BY is_open, trade_no
        """;

    public const string Bars = """
        SELECT rs.symbol, rs.timeframe, b.ts_utc, b.open, b.high, b.low, b.close, b.volume, b.volumetric_json
        FROM bars b JOIN run_series rs ON rs.series_id = b.series_id
        WHERE rs.run_id = @run ORDER BY rs.symbol /*C*/, rs.timeframe /*C*/, b.ts_utc
        """;

    // Not equity: run_equity folds flat strides into one row, and the export lists every point (SqlExportReader).
    public static readonly IReadOnlyDictionary<string, string> ByKind = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["orders"] = Orders,
        ["executions"] = Executions,
        ["trades"] = Trades,
        ["bars"] = Bars,
    };

    /// <summary>Kinds in the order `export --what` lists them.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["orders", "executions", "trades", "bars", "equity"];
}
