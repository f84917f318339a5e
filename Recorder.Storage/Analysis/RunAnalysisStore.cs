using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>What one analysis stored.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Analysis">The full result.</param>
public sealed record AnalyzeResult(string RunId, RunAnalysis Analysis);

/// <summary>
/// Computes a run's analytics from its rows and stores them where people look: round trips in <c>run_trades</c>,
/// the equity curve in <c>run_equity</c>, execution quality in <c>run_order_quality</c>, every metric in
/// <c>run_metrics_kv</c> and the summary in <c>strategy_runs.metrics_json</c>. Recomputing replaces all of it in one
/// transaction; the derived tables can be emptied at any time and rebuilt from executions, orders and bars.
/// </summary>
public static class RunAnalysisStore
{
    /// <summary>Opens the file for writing, analyses one run and stores the results.</summary>
    public static AnalyzeResult AnalyzeFile(string path, string runId, AnalysisOptions? options = null, TimeProvider? time = null)
    {
        using var connection = DatabaseFile.OpenForWriting(path, time ?? TimeProvider.System);
        return Analyze(connection, runId, options, time);
    }

    /// <summary>Analyses one run on an open writable connection and stores the results.</summary>
    public static AnalyzeResult Analyze(SqliteConnection connection, string runId, AnalysisOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var input = RunLoader.Load(connection, runId);
        options ??= AnalysisOptions.Default;
        if (options.Trials is null && TrialsOf(connection, runId) is { } trials)
        {
            options = options with { Trials = trials };
        }

        var analysis = RunAnalyzer.Analyze(input, options);
        Store(connection, runId, analysis, time ?? TimeProvider.System);
        return new AnalyzeResult(runId, analysis);
    }

    /// <summary>Every run in the file, oldest first.</summary>
    public static IReadOnlyList<string> AllRunIds(SqliteConnection connection) =>
        connection.Query<string>("SELECT run_id FROM strategy_runs ORDER BY start_utc, run_id").ToList();

    /// <summary>
    /// How many parameter sets of the same strategy were tried, and how their Sharpe ratios vary: the deflated Sharpe
    /// ratio discounts a good result by the number of attempts it was the best of. Uses the Sharpe stored for the
    /// other runs of the strategy's instances (one per instance, its best run), when at least two exist.
    /// </summary>
    private static SharpeTrials? TrialsOf(SqliteConnection connection, string runId)
    {
        var sharpes = connection.Query<double>(
            """
            SELECT MAX(k.value) FROM run_metrics_kv k
            JOIN strategy_runs r ON r.run_id = k.run_id
            JOIN strategy_instances i ON i.instance_id = r.instance_id
            WHERE k.key = 'sharpe' AND k.value IS NOT NULL
              AND i.strategy_id = (SELECT i2.strategy_id FROM strategy_runs r2
                                   JOIN strategy_instances i2 ON i2.instance_id = r2.instance_id WHERE r2.run_id = @runId)
            GROUP BY r.instance_id
            """, new { runId }).ToList();
        return sharpes.Count >= 2 ? SharpeTrials.FromSharpes(sharpes) : null;
    }

    private static void Store(SqliteConnection connection, string runId, RunAnalysis analysis, TimeProvider time)
    {
        DatabaseFile.Execute(connection, "BEGIN IMMEDIATE;");
        try
        {
            foreach (var table in new[] { "run_trades", "run_equity", "run_order_quality", "run_metrics_kv" })
            {
                connection.Execute($"DELETE FROM {table} WHERE run_id = @runId", new { runId });
            }

            var number = 0;
            connection.Execute(Sql.InsertTrade, analysis.Trades.Select(t => new
            {
                RunId = runId, TradeNo = ++number, t.Symbol, AccountId = t.Account, Side = t.Side.ToString().ToUpperInvariant(),
                t.Quantity, EntryUtc = Timestamps.Format(t.EntryTimeUtc), ExitUtc = Timestamps.Format(t.ExitTimeUtc),
                t.EntryPrice, t.ExitPrice, t.GrossPnl, t.Fees, t.NetPnl, PnlPercent = t.PnlPct,
                HoldingSeconds = t.HoldingTime.TotalSeconds, t.Mae, t.Mfe, ExcursionSource = t.ExcursionSource.ToString().ToUpperInvariant(),
                EntryOrderIds = JsonSerializer.Serialize(t.EntryOrderIds, StoreJson.Default.IReadOnlyListString),
                ExitOrderIds = JsonSerializer.Serialize(t.ExitOrderIds, StoreJson.Default.IReadOnlyListString),
                t.EntryTag, t.ExitTag, ExitReason = ExitReasonCode(t.ExitReason), t.InitialStop, t.RMultiple,
                IsOpen = 0, UnrealizedPnl = (double?)null,
            }).ToList());
            connection.Execute(Sql.InsertTrade, analysis.OpenPositions.Select(p => new
            {
                RunId = runId, TradeNo = ++number, p.Symbol, AccountId = p.Account, Side = p.Side.ToString().ToUpperInvariant(),
                p.Quantity, EntryUtc = Timestamps.Format(p.EntryTimeUtc), ExitUtc = (string?)null,
                EntryPrice = p.AverageEntryPrice, ExitPrice = (double?)null, GrossPnl = (double?)null, Fees = (double?)p.EntryFees,
                NetPnl = (double?)null, PnlPercent = (double?)null, HoldingSeconds = (double?)null, Mae = (double?)null,
                Mfe = (double?)null, ExcursionSource = (string?)null, EntryOrderIds = (string?)null, ExitOrderIds = (string?)null,
                EntryTag = (string?)null, ExitTag = (string?)null, ExitReason = (string?)null, InitialStop = (double?)null,
                RMultiple = (double?)null, IsOpen = 1, UnrealizedPnl = (double?)p.UnrealisedPnl,
            }).ToList());

            var seq = 0;
            connection.Execute(Sql.InsertEquity, analysis.Equity.Select(e => new
            {
                RunId = runId, Seq = ++seq, TsUtc = Timestamps.Format(e.TimeUtc), e.Equity, e.Drawdown, e.DrawdownPct,
            }).ToList());
            connection.Execute(Sql.InsertOrderQuality, analysis.Orders.Select(o => new
            {
                RunId = runId, o.OrderId, o.FillCount, o.FilledQuantity, o.FillRatio, AvgFillPrice = o.AverageFillPrice,
                o.ReferencePrice, o.SlippagePrice, o.SlippageTicks, o.SlippageMoney, o.LatencyFirstFillMs, o.LatencyFullFillMs,
            }).ToList());
            connection.Execute(Sql.InsertMetric, analysis.Metrics.Select(m => new { RunId = runId, m.Key, m.Value, m.Unit }).ToList());

            var summary = new MetricsSummary(
                Timestamps.Format(time.GetUtcNow()),
                analysis.Metrics.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal),
                analysis.Metrics.ToDictionary(m => m.Key, m => m.Unit, StringComparer.Ordinal),
                analysis.Notes.Select(n => n.Key + ": " + n.Message).ToList());
            connection.Execute("UPDATE strategy_runs SET metrics_json = @json WHERE run_id = @runId",
                new { json = JsonSerializer.Serialize(summary, StoreJson.Default.MetricsSummary), runId });
            DatabaseFile.Execute(connection, "COMMIT;");
        }
        catch
        {
            DatabaseFile.Execute(connection, "ROLLBACK;");
            throw;
        }
    }

    // The codes the schema documents for run_trades.exit_reason.
    private static string ExitReasonCode(ExitReason reason) => reason switch
    {
        ExitReason.TakeProfit => "TP",
        ExitReason.StopLoss => "SL",
        _ => "OTHER",
    };

    private static class Sql
    {
        public const string InsertTrade = """
            INSERT INTO run_trades(run_id, trade_no, symbol, account_id, side, quantity, entry_utc, exit_utc, entry_price,
                exit_price, gross_pnl, fees, net_pnl, pnl_percent, holding_seconds, mae, mfe, excursion_source,
                entry_order_ids, exit_order_ids, entry_tag, exit_tag, exit_reason, initial_stop, r_multiple, is_open, unrealized_pnl)
            VALUES (@RunId, @TradeNo, @Symbol, @AccountId, @Side, @Quantity, @EntryUtc, @ExitUtc, @EntryPrice,
                @ExitPrice, @GrossPnl, @Fees, @NetPnl, @PnlPercent, @HoldingSeconds, @Mae, @Mfe, @ExcursionSource,
                @EntryOrderIds, @ExitOrderIds, @EntryTag, @ExitTag, @ExitReason, @InitialStop, @RMultiple, @IsOpen, @UnrealizedPnl)
            """;

        public const string InsertEquity = """
            INSERT INTO run_equity(run_id, seq, ts_utc, equity, drawdown, drawdown_pct)
            VALUES (@RunId, @Seq, @TsUtc, @Equity, @Drawdown, @DrawdownPct)
            """;

        public const string InsertOrderQuality = """
            INSERT INTO run_order_quality(run_id, order_id, fill_count, filled_quantity, fill_ratio, avg_fill_price,
                reference_price, slippage_price, slippage_ticks, slippage_money, latency_first_fill_ms, latency_full_fill_ms)
            VALUES (@RunId, @OrderId, @FillCount, @FilledQuantity, @FillRatio, @AvgFillPrice,
                @ReferencePrice, @SlippagePrice, @SlippageTicks, @SlippageMoney, @LatencyFirstFillMs, @LatencyFullFillMs)
            """;

        public const string InsertMetric = "INSERT INTO run_metrics_kv(run_id, key, value, unit) VALUES (@RunId, @Key, @Value, @Unit)";
    }
}
