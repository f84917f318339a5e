using System.Text.Json;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>
/// A run's analysis as the rows of its derived tables (run_trades, run_equity, run_order_quality, run_metrics_kv) and
/// its strategy_runs.metrics_json, with the values <see cref="RunAnalysisStore"/> writes into a file: for another store
/// (the PostgreSQL team store) to store the same rows. Values are long, double, string or null.
/// </summary>
public static class AnalysisRows
{
    /// <summary>The derived tables in the order they are written.</summary>
    public static IReadOnlyList<string> Tables { get; } = ["run_trades", "run_equity", "run_order_quality", "run_metrics_kv"];

    /// <summary>Each derived table's rows for the run, by table name (<see cref="Tables"/>).</summary>
    public static IReadOnlyDictionary<string, StoredTable> Of(string runId, RunAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return new Dictionary<string, StoredTable>(StringComparer.Ordinal)
        {
            ["run_trades"] = Trades(runId, analysis),
            ["run_equity"] = new(["run_id", "seq", "ts_utc", "equity", "drawdown", "drawdown_pct"],
                analysis.Equity.Select((e, i) => Row(runId, (long)i + 1, Timestamps.Format(e.TimeUtc), e.Equity, e.Drawdown, e.DrawdownPct)).ToList()),
            ["run_order_quality"] = new(
                ["run_id", "order_id", "fill_count", "filled_quantity", "fill_ratio", "avg_fill_price", "reference_price", "slippage_price",
                 "slippage_ticks", "slippage_money", "latency_first_fill_ms", "latency_full_fill_ms", "marketable", "time_to_fill_ms",
                 "overfilled_quantity"],
                analysis.Orders.Select(o => Row(runId, o.OrderId, (long)o.FillCount, o.FilledQuantity, o.FillRatio, o.AverageFillPrice,
                    o.ReferencePrice, o.SlippagePrice, o.SlippageTicks, o.SlippageMoney, o.LatencyFirstFillMs, o.LatencyFullFillMs,
                    o.Marketable is { } m ? (m ? 1L : 0L) : null, o.TimeToFillMs, o.OverfilledQuantity)).ToList()),
            ["run_metrics_kv"] = new(["run_id", "key", "value", "unit"],
                analysis.Metrics.Select(m => Row(runId, m.Key, m.Value, m.Unit)).ToList()),
        };
    }

    /// <summary>strategy_runs.metrics_json: the metrics, their units and the notes, and when they were computed.</summary>
    public static string MetricsJson(RunAnalysis analysis, DateTimeOffset analysedUtc)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var summary = new MetricsSummary(
            Timestamps.Format(analysedUtc),
            analysis.Metrics.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal),
            analysis.Metrics.ToDictionary(m => m.Key, m => m.Unit, StringComparer.Ordinal),
            analysis.Notes.Select(n => n.Key + ": " + n.Message).ToList());
        return JsonSerializer.Serialize(summary, StoreJson.Default.MetricsSummary);
    }

    private static StoredTable Trades(string runId, RunAnalysis analysis)
    {
        var rows = new List<IReadOnlyList<object?>>();
        long number = 0;
        foreach (var t in analysis.Trades)
        {
            rows.Add(Row(runId, ++number, t.Symbol, t.Account, StoredText.TradeDirection(t.Side), t.Quantity,
                Timestamps.Format(t.EntryTimeUtc), Timestamps.Format(t.ExitTimeUtc), t.EntryPrice, t.ExitPrice,
                t.GrossPnl, t.Fees, t.NetPnl, t.PnlPct, t.HoldingTime.TotalSeconds, t.Mae, t.Mfe,
                StoredText.Excursion(t.ExcursionSource),
                JsonSerializer.Serialize(t.EntryOrderIds, StoreJson.Default.IReadOnlyListString),
                JsonSerializer.Serialize(t.ExitOrderIds, StoreJson.Default.IReadOnlyListString),
                t.EntryTag, t.ExitTag, StoredText.ExitReasonCode(t.ExitReason), t.InitialStop, t.RMultiple, 0L, null));
        }

        foreach (var p in analysis.OpenPositions)
        {
            rows.Add(Row(runId, ++number, p.Symbol, p.Account, StoredText.TradeDirection(p.Side), p.Quantity,
                Timestamps.Format(p.EntryTimeUtc), null, p.AverageEntryPrice, null, null, p.EntryFees, null, null,
                null, null, null, null, null, null, null, null, null, null, null, 1L, p.UnrealisedPnl));
        }

        return new StoredTable(
            ["run_id", "trade_no", "symbol", "account_id", "side", "quantity", "entry_utc", "exit_utc", "entry_price", "exit_price",
             "gross_pnl", "fees", "net_pnl", "pnl_percent", "holding_seconds", "mae", "mfe", "excursion_source", "entry_order_ids",
             "exit_order_ids", "entry_tag", "exit_tag", "exit_reason", "initial_stop", "r_multiple", "is_open", "unrealized_pnl"],
            rows);
    }

    /// <summary>One row; whole numbers as long, other numbers as double (as SQLite hands them back).</summary>
    private static object?[] Row(params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = values[i] switch
            {
                int n => (long)n,
                float f => (double)f,
                _ => values[i],
            };
        }

        return values;
    }
}
