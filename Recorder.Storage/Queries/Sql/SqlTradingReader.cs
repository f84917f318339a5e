using Dapper;

namespace QuantowerRecorder.Storage.Queries.Sql;

/// <summary>A run's orders, OCO groups, fills and stored trades.</summary>
internal sealed class SqlTradingReader : ITradingReader
{
    private readonly ReadConnection connection;

    public SqlTradingReader(ReadConnection connection) => this.connection = connection;

    public IReadOnlyList<OrderRow> Orders(string runId) =>
        connection.Read(c => c.Query<OrderRow>(ExportSql.Orders, new { run = runId }).AsList());

    public IReadOnlyList<OcoGroup> OcoGroups(string runId) => connection.Read(c =>
    {
        var links = c.Query<LinkRow>("""
            SELECT oco_group_id, order_id, oco_role AS role, position_impact FROM order_oco_links
            WHERE run_id = @run ORDER BY id
            """, new { run = runId })
            .ToLookup(l => l.OcoGroupId, l => new OcoLink(l.OrderId, l.Role, l.PositionImpact), StringComparer.Ordinal);
        return c.Query<GroupRow>("""
            SELECT oco_group_id, created_utc, label FROM order_oco_groups WHERE run_id = @run ORDER BY created_utc, oco_group_id /*C*/
            """, new { run = runId }).Select(g => new OcoGroup(g.OcoGroupId, g.CreatedUtc, g.Label, links[g.OcoGroupId].ToList())).ToList();
    });

    public IReadOnlyList<ExecutionRow> Executions(string runId) => connection.Read(c => c.Query<ExecutionRow>("""
        SELECT execution_id, order_id, exec_utc, symbol, account_id, side, quantity, price, fee, fee_currency,
               liquidity, position_impact
        FROM executions WHERE run_id = @run ORDER BY exec_utc, id
        """, new { run = runId }).AsList());

    public IReadOnlyList<TradeRow> Trades(string runId) =>
        connection.Read(c => c.Query<TradeRow>(ExportSql.Trades, new { run = runId }).AsList());

    private sealed record LinkRow(string OcoGroupId, string OrderId, string? Role, string PositionImpact);

    private sealed record GroupRow(string OcoGroupId, string CreatedUtc, string? Label);
}
