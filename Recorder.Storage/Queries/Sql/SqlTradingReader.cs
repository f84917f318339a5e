namespace QuantowerRecorder.Storage.Queries.Sql;

/// <summary>A run's orders, OCO groups, fills and stored trades.</summary>
internal sealed class SqlTradingReader : ITradingReader
{
    private readonly ReadConnection connection;

    public SqlTradingReader(ReadConnection connection) => this.connection = connection;

    public IReadOnlyList<OrderRow> Orders(string runId) => connection.Read(c => Rows.Query(c, ExportSql.Orders, r => new OrderRow
    {
        OrderId = r.GetString(0), ParentOrderId = r.Text(1), Symbol = r.Required(2), AccountId = r.Text(3), Side = r.Required(4),
        OrderType = r.Required(5), Tif = r.Text(6), Quantity = r.Real(7) ?? 0, Price = r.Real(8), StopPrice = r.Real(9),
        Status = r.Required(10), SubmitUtc = r.Required(11), UpdateUtc = r.Text(12), FilledQuantity = r.Real(13),
        AvgFillPrice = r.Real(14), ClientTag = r.Text(15), PositionImpact = r.Required(16), OcoGroupId = r.Text(17), OcoRole = r.Text(18),
    }, ("@run", runId)));

    public IReadOnlyList<OcoGroup> OcoGroups(string runId) => connection.Read(c =>
    {
        var links = Rows.Query(c, """
            SELECT oco_group_id, order_id, oco_role, position_impact FROM order_oco_links
            WHERE run_id = @run ORDER BY id
            """, r => (Group: r.GetString(0), Link: new OcoLink(r.GetString(1), r.Text(2), r.Required(3))), ("@run", runId))
            .ToLookup(l => l.Group, l => l.Link, StringComparer.Ordinal);
        return Rows.Query(c, """
            SELECT oco_group_id, created_utc, label FROM order_oco_groups WHERE run_id = @run ORDER BY created_utc, oco_group_id /*C*/
            """, r => new OcoGroup(r.GetString(0), r.Required(1), r.Text(2), links[r.GetString(0)].ToList()), ("@run", runId));
    });

    public IReadOnlyList<ExecutionRow> Executions(string runId) => connection.Read(c => Rows.Query(c, """
        SELECT execution_id, order_id, exec_utc, symbol, account_id, side, quantity, price, fee, fee_currency,
               liquidity, position_impact
        FROM executions WHERE run_id = @run ORDER BY exec_utc, id
        """, r => new ExecutionRow
    {
        ExecutionId = r.GetString(0), OrderId = r.Required(1), ExecUtc = r.Required(2), Symbol = r.Text(3), AccountId = r.Text(4),
        Side = r.Text(5), Quantity = r.Real(6) ?? 0, Price = r.Real(7) ?? 0, Fee = r.Real(8), FeeCurrency = r.Text(9),
        Liquidity = r.Text(10), PositionImpact = r.Required(11),
    }, ("@run", runId)));

    public IReadOnlyList<TradeRow> Trades(string runId) => connection.Read(c => Rows.Query(c, ExportSql.Trades, r => new TradeRow
    {
        TradeNo = r.Integer(0), Symbol = r.Required(1), AccountId = r.Text(2), Side = r.Required(3), Quantity = r.Real(4) ?? 0,
        EntryUtc = r.Required(5), ExitUtc = r.Text(6), EntryPrice = r.Real(7) ?? 0, ExitPrice = r.Real(8), GrossPnl = r.Real(9),
        Fees = r.Real(10), NetPnl = r.Real(11), PnlPercent = r.Real(12), HoldingSeconds = r.Real(13), Mae = r.Real(14),
        Mfe = r.Real(15), ExcursionSource = r.Text(16), EntryOrderIds = r.Text(17), ExitOrderIds = r.Text(18),
        EntryTag = r.Text(19), ExitTag = r.Text(20), ExitReason = r.Text(21), InitialStop = r.Real(22), RMultiple = r.Real(23),
        IsOpen = r.Integer(24) != 0, UnrealizedPnl = r.Real(25),
    }, ("@run", runId)));
}
