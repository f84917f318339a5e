using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage;

namespace QuantowerRecorder.Cli.Analysis;

/// <summary>WIRING: interim (see <see cref="InterimRunAnalysisService"/>). Reads one run's rows into a <see cref="RunInput"/>.</summary>
internal static class RunInputLoader
{
    public static RunInput Load(SqliteConnection connection, string runId)
    {
        var run = connection.QuerySingle<(double? InitialBalance, string StartUtc, string? EndUtc)>(
            "SELECT initial_balance, start_utc, end_utc FROM strategy_runs WHERE run_id = @runId", new { runId });
        var fills = connection.Query<(string ExecutionId, string OrderId, string? Symbol, string? AccountId, string? Side,
                double Quantity, double Price, double? Fee, string ExecUtc, string? PositionImpact)>(
                "SELECT execution_id, order_id, symbol, account_id, side, quantity, price, fee, exec_utc, position_impact " +
                "FROM executions WHERE run_id = @runId", new { runId })
            .Where(x => InputCodes.ParseSide(x.Side) is not null)
            .Select(x => new Fill(x.ExecutionId, x.OrderId, x.Symbol ?? "", x.AccountId ?? "", InputCodes.ParseSide(x.Side)!.Value,
                x.Quantity, x.Price, x.Fee ?? 0, Timestamps.Parse(x.ExecUtc), InputCodes.ParsePositionImpact(x.PositionImpact)))
            .ToList();
        var orders = connection.Query<OrderRow>(
                """
                SELECT o.order_id, o.symbol, o.account_id, o.side, o.order_type, o.quantity, o.status, o.submit_utc,
                       o.update_utc, o.price, o.stop_price, o.client_tag, o.parent_order_id, l.oco_group_id, l.oco_role
                FROM orders o LEFT JOIN order_oco_links l ON l.run_id = o.run_id AND l.order_id = o.order_id
                WHERE o.run_id = @runId
                """, new { runId })
            .Where(o => InputCodes.ParseSide(o.Side) is not null)
            .Select(o => new OrderInfo(o.OrderId, o.Symbol, InputCodes.ParseSide(o.Side)!.Value, InputCodes.ParseOrderType(o.OrderType),
                o.Quantity, InputCodes.ParseOrderStatus(o.Status), Timestamps.Parse(o.SubmitUtc))
            {
                Account = o.AccountId ?? "", LimitPrice = o.Price, StopPrice = o.StopPrice, InitialStopPrice = o.StopPrice,
                LastUpdateUtc = o.UpdateUtc is null ? null : Timestamps.Parse(o.UpdateUtc), ClientTag = o.ClientTag,
                OcoRole = InputCodes.ParseOcoRole(o.OcoRole), OcoGroupId = o.OcoGroupId, ParentOrderId = o.ParentOrderId,
            })
            .GroupBy(o => o.OrderId, StringComparer.Ordinal).Select(g => g.First())
            .ToList();
        var bars = connection.Query<(string Symbol, string TsUtc, double Open, double High, double Low, double Close, double? Volume)>(
                "SELECT rs.symbol, b.ts_utc, b.open, b.high, b.low, b.close, b.volume FROM bars b " +
                "JOIN run_series rs ON rs.series_id = b.series_id WHERE rs.run_id = @runId", new { runId })
            .GroupBy(b => b.Symbol, StringComparer.Ordinal)
            .Select(g => new BarSeries(g.Key, g.Select(b => new Bar(Timestamps.Parse(b.TsUtc), b.Open, b.High, b.Low, b.Close, b.Volume ?? 0)).ToList()))
            .ToList();
        var context = new RunContext
        {
            InitialBalance = run.InitialBalance,
            StartUtc = Timestamps.Parse(run.StartUtc),
            EndUtc = run.EndUtc is null ? null : Timestamps.Parse(run.EndUtc),
        };
        return new RunInput(fills, orders, bars, context);
    }

    private sealed class OrderRow
    {
        public string OrderId { get; init; } = "";
        public string Symbol { get; init; } = "";
        public string? AccountId { get; init; }
        public string? Side { get; init; }
        public string? OrderType { get; init; }
        public double Quantity { get; init; }
        public string? Status { get; init; }
        public string SubmitUtc { get; init; } = "";
        public string? UpdateUtc { get; init; }
        public double? Price { get; init; }
        public double? StopPrice { get; init; }
        public string? ClientTag { get; init; }
        public string? ParentOrderId { get; init; }
        public string? OcoGroupId { get; init; }
        public string? OcoRole { get; init; }
    }
}
