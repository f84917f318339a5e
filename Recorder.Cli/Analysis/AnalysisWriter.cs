using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage;

namespace QuantowerRecorder.Cli.Analysis;

/// <summary>
/// WIRING: interim (see <see cref="InterimRunAnalysisService"/>). Replaces a run's derived rows in one transaction,
/// so a reader never sees half an analysis.
/// </summary>
internal static class AnalysisWriter
{
    public static void Store(SqliteConnection connection, string runId, RunAnalysis analysis)
    {
        using var transaction = connection.BeginTransaction();
        foreach (var table in new[] { "run_trades", "run_equity", "run_order_quality", "run_metrics_kv" })
        {
            connection.Execute($"DELETE FROM {table} WHERE run_id = @runId", new { runId }, transaction);
        }

        connection.Execute(
            """
            INSERT INTO run_trades (run_id, trade_no, symbol, account_id, side, quantity, entry_utc, exit_utc, entry_price,
              exit_price, gross_pnl, fees, net_pnl, pnl_percent, holding_seconds, mae, mfe, excursion_source,
              entry_order_ids, exit_order_ids, entry_tag, exit_tag, exit_reason, initial_stop, r_multiple, is_open, unrealized_pnl)
            VALUES (@RunId, @TradeNo, @Symbol, @AccountId, @Side, @Quantity, @EntryUtc, @ExitUtc, @EntryPrice,
              @ExitPrice, @GrossPnl, @Fees, @NetPnl, @PnlPercent, @HoldingSeconds, @Mae, @Mfe, @ExcursionSource,
              @EntryOrderIds, @ExitOrderIds, @EntryTag, @ExitTag, @ExitReason, @InitialStop, @RMultiple, @IsOpen, @UnrealizedPnl)
            """,
            analysis.Trades.Select(t => new TradeRow
            {
                RunId = runId, TradeNo = t.Number, Symbol = t.Symbol, AccountId = t.Account, Side = Upper(t.Side),
                Quantity = t.Quantity, EntryUtc = Timestamps.Format(t.EntryTimeUtc), ExitUtc = Timestamps.Format(t.ExitTimeUtc),
                EntryPrice = t.EntryPrice, ExitPrice = t.ExitPrice, GrossPnl = t.GrossPnl, Fees = t.Fees, NetPnl = t.NetPnl,
                PnlPercent = t.PnlPct, HoldingSeconds = t.HoldingTime.TotalSeconds, Mae = t.Mae, Mfe = t.Mfe,
                ExcursionSource = Upper(t.ExcursionSource), EntryOrderIds = string.Join(",", t.EntryOrderIds),
                ExitOrderIds = string.Join(",", t.ExitOrderIds), EntryTag = t.EntryTag, ExitTag = t.ExitTag,
                ExitReason = Upper(t.ExitReason), InitialStop = t.InitialStop, RMultiple = t.RMultiple,
            }).Concat(analysis.OpenPositions.Select((p, i) => new TradeRow
            {
                RunId = runId, TradeNo = analysis.Trades.Count + i + 1, Symbol = p.Symbol, AccountId = p.Account,
                Side = Upper(p.Side), Quantity = p.Quantity, EntryUtc = Timestamps.Format(p.EntryTimeUtc),
                EntryPrice = p.AverageEntryPrice, Fees = p.EntryFees, IsOpen = 1, UnrealizedPnl = p.UnrealisedPnl,
            })), transaction);

        connection.Execute(
            "INSERT INTO run_equity (run_id, seq, ts_utc, equity, drawdown, drawdown_pct) VALUES (@RunId, @Seq, @TsUtc, @Equity, @Drawdown, @DrawdownPct)",
            analysis.Equity.Select((p, i) => new { RunId = runId, Seq = i + 1, TsUtc = Timestamps.Format(p.TimeUtc), p.Equity, p.Drawdown, p.DrawdownPct }),
            transaction);

        connection.Execute(
            """
            INSERT INTO run_order_quality (run_id, order_id, fill_count, filled_quantity, fill_ratio, avg_fill_price,
              reference_price, slippage_price, slippage_ticks, slippage_money, latency_first_fill_ms, latency_full_fill_ms)
            VALUES (@RunId, @OrderId, @FillCount, @FilledQuantity, @FillRatio, @AverageFillPrice, @ReferencePrice,
              @SlippagePrice, @SlippageTicks, @SlippageMoney, @LatencyFirstFillMs, @LatencyFullFillMs)
            """,
            analysis.Orders.Select(o => new
            {
                RunId = runId, o.OrderId, o.FillCount, o.FilledQuantity, o.FillRatio, o.AverageFillPrice, o.ReferencePrice,
                o.SlippagePrice, o.SlippageTicks, o.SlippageMoney, o.LatencyFirstFillMs, o.LatencyFullFillMs,
            }),
            transaction);

        connection.Execute(
            "INSERT INTO run_metrics_kv (run_id, key, value, unit) VALUES (@RunId, @Key, @Value, @Unit)",
            analysis.Metrics.Select(m => new { RunId = runId, m.Key, m.Value, m.Unit }), transaction);

        var metrics = analysis.Metrics.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        connection.Execute("UPDATE strategy_runs SET metrics_json = @json WHERE run_id = @runId",
            new { json = JsonSerializer.Serialize(metrics), runId }, transaction);
        transaction.Commit();
    }

    // Open positions share the table with closed trades (is_open = 1, exit columns NULL), as schema.sql says.
    private sealed class TradeRow
    {
        public string RunId { get; init; } = "";
        public int TradeNo { get; init; }
        public string Symbol { get; init; } = "";
        public string? AccountId { get; init; }
        public string Side { get; init; } = "";
        public double Quantity { get; init; }
        public string EntryUtc { get; init; } = "";
        public string? ExitUtc { get; init; }
        public double EntryPrice { get; init; }
        public double? ExitPrice { get; init; }
        public double? GrossPnl { get; init; }
        public double? Fees { get; init; }
        public double? NetPnl { get; init; }
        public double? PnlPercent { get; init; }
        public double? HoldingSeconds { get; init; }
        public double? Mae { get; init; }
        public double? Mfe { get; init; }
        public string? ExcursionSource { get; init; }
        public string? EntryOrderIds { get; init; }
        public string? ExitOrderIds { get; init; }
        public string? EntryTag { get; init; }
        public string? ExitTag { get; init; }
        public string? ExitReason { get; init; }
        public double? InitialStop { get; init; }
        public double? RMultiple { get; init; }
        public int IsOpen { get; init; }
        public double? UnrealizedPnl { get; init; }
    }

    private static string Upper<T>(T value) where T : struct, Enum => value.ToString().ToUpperInvariant();
}
