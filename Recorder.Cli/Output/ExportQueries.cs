namespace QuantowerRecorder.Cli.Output;

/// <summary>What `export --what` can write: one SQL statement per kind, in a stable row order.</summary>
internal static class ExportQueries
{
    public static readonly IReadOnlyDictionary<string, string> ByKind = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["orders"] = """
            SELECT o.order_id, o.parent_order_id, o.symbol, o.account_id, o.side, o.order_type, o.tif, o.quantity,
                   o.price, o.stop_price, o.status, o.submit_utc, o.update_utc, o.filled_quantity, o.avg_fill_price,
                   o.client_tag, o.position_impact,
                   (SELECT l.oco_group_id FROM order_oco_links l WHERE l.run_id = o.run_id AND l.order_id = o.order_id ORDER BY l.id LIMIT 1) AS oco_group_id,
                   (SELECT l.oco_role FROM order_oco_links l WHERE l.run_id = o.run_id AND l.order_id = o.order_id ORDER BY l.id LIMIT 1) AS oco_role
            FROM orders o WHERE o.run_id = @run ORDER BY o.submit_utc, o.order_id
            """,
        ["executions"] = """
            SELECT execution_id, order_id, exec_utc, symbol, account_id, side, price, quantity, fee, fee_currency,
                   liquidity, position_impact
            FROM executions WHERE run_id = @run ORDER BY exec_utc, execution_id
            """,
        ["trades"] = Commands.TradesCommand.Sql,
        ["bars"] = """
            SELECT rs.symbol, rs.timeframe, b.ts_utc, b.open, b.high, b.low, b.close, b.volume, b.volumetric_json
            FROM bars b JOIN run_series rs ON rs.series_id = b.series_id
            WHERE rs.run_id = @run ORDER BY rs.symbol, rs.timeframe, b.ts_utc
            """,
        ["equity"] = "SELECT seq, ts_utc, equity, drawdown, drawdown_pct FROM run_equity WHERE run_id = @run ORDER BY seq",
    };
}
