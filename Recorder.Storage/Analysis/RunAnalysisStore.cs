using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;

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
        var insight = RunInsight.Compute(connection, runId, input, analysis);
        Store(connection, runId, analysis, insight, time ?? TimeProvider.System);
        return new AnalyzeResult(runId, analysis);
    }

    /// <summary>
    /// Of <paramref name="runIds"/>, those whose strategy was tried with several parameter sets. Their deflated Sharpe
    /// ratio depends on the other sets' Sharpe ratios, so after analysing many runs these are analysed once more: the
    /// result then does not depend on the order in which the runs were analysed.
    /// </summary>
    public static IReadOnlyList<string> RunsDependingOnOtherInstances(SqliteConnection connection, IEnumerable<string> runIds)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var several = connection.Query<string>(
            """
            SELECT r.run_id FROM strategy_runs r JOIN strategy_instances i ON i.instance_id = r.instance_id
            WHERE (SELECT COUNT(*) FROM strategy_instances i2 WHERE i2.strategy_id = i.strategy_id) > 1
            """).ToHashSet(StringComparer.Ordinal);
        return runIds.Where(several.Contains).ToList();
    }

    /// <summary>
    /// How many parameter sets of the same strategy were tried, and how their Sharpe ratios vary: the deflated Sharpe
    /// ratio discounts a good result by the number of attempts it was the best of. The variance comes from the Sharpe
    /// stored for the strategy's other parameter sets (their best run each), never from this run's own instance, so
    /// analysing a run again gives the same numbers; this set is counted as one more trial. Null with fewer than two
    /// other sets analysed.
    /// </summary>
    internal static SharpeTrials? TrialsOf(SqliteConnection connection, string runId)
    {
        var sharpes = connection.Query<double>(
            """
            SELECT MAX(k.value) FROM run_metrics_kv k
            JOIN strategy_runs r ON r.run_id = k.run_id
            JOIN strategy_instances i ON i.instance_id = r.instance_id
            JOIN (SELECT i2.strategy_id, i2.instance_id FROM strategy_runs r2
                  JOIN strategy_instances i2 ON i2.instance_id = r2.instance_id WHERE r2.run_id = @runId) self
              ON self.strategy_id = i.strategy_id AND self.instance_id <> i.instance_id
            WHERE k.key = 'sharpe' AND k.value IS NOT NULL
            GROUP BY r.instance_id
            ORDER BY r.instance_id
            """, new { runId }).ToList();
        return sharpes.Count >= 2 ? SharpeTrials.FromSharpes(sharpes) with { Count = sharpes.Count + 1 } : null;
    }

    internal static void Store(SqliteConnection connection, string runId, RunAnalysis analysis, RunInsight insight, TimeProvider time)
    {
        WriteTransaction.Run(connection, () =>
        {
            foreach (var table in new[] { "run_trades", "run_equity", "run_order_quality", "run_metrics_kv" })
            {
                connection.Execute($"DELETE FROM {table} WHERE run_id = @runId", new { runId });
            }

            // Hundreds of thousands of derived rows: one statement per table prepared once and bound by position
            // without boxing (the writer's RawStatement). Binding by name through SqliteCommand took half the time
            // of storing (the analyze benchmark). NaN is refused as SqliteCommand refuses it (Number below).
            var number = 0;
            using (var insert = new RawStatement(connection, Sql.InsertTrade, Sql.TradeParameters))
            {
                foreach (var t in analysis.Trades)
                {
                    insert.Text(0, runId).Integer(1, ++number).Text(2, t.Symbol).Text(3, t.Account).Text(4, StoredText.TradeDirection(t.Side))
                        .Number(5, t.Quantity).Time(6, t.EntryTimeUtc).Time(7, t.ExitTimeUtc).Number(8, t.EntryPrice).Number(9, t.ExitPrice)
                        .Number(10, t.GrossPnl).Number(11, t.Fees).Number(12, t.NetPnl).Number(13, t.PnlPct)
                        .Number(14, t.HoldingTime.TotalSeconds).Number(15, t.Mae).Number(16, t.Mfe)
                        .Text(17, StoredText.Excursion(t.ExcursionSource))
                        .Text(18, JsonSerializer.Serialize(t.EntryOrderIds, StoreJson.Default.IReadOnlyListString))
                        .Text(19, JsonSerializer.Serialize(t.ExitOrderIds, StoreJson.Default.IReadOnlyListString))
                        .Text(20, t.EntryTag).Text(21, t.ExitTag).Text(22, StoredText.ExitReasonCode(t.ExitReason))
                        .Number(23, t.InitialStop).Number(24, t.RMultiple).Integer(25, 0).Number(26, null)
                        .Run();
                }

                // Parameters left unbound are NULL (Run clears the bindings after each row).
                foreach (var p in analysis.OpenPositions)
                {
                    insert.Text(0, runId).Integer(1, ++number).Text(2, p.Symbol).Text(3, p.Account).Text(4, StoredText.TradeDirection(p.Side))
                        .Number(5, p.Quantity).Time(6, p.EntryTimeUtc).Number(8, p.AverageEntryPrice).Number(11, p.EntryFees)
                        .Integer(25, 1).Number(26, p.UnrealisedPnl)
                        .Run();
                }
            }

            var seq = 0;
            using (var insert = new RawStatement(connection, Sql.InsertEquity, "$run", "$seq", "$ts", "$equity", "$dd", "$ddPct"))
            {
                foreach (var e in analysis.Equity)
                {
                    insert.Text(0, runId).Integer(1, ++seq).Time(2, e.TimeUtc).Number(3, e.Equity).Number(4, e.Drawdown).Number(5, e.DrawdownPct)
                        .Run();
                }
            }

            using (var insert = new RawStatement(connection, Sql.InsertOrderQuality, "$run", "$order", "$count", "$filled",
                       "$ratio", "$avg", "$ref", "$slip", "$ticks", "$money", "$first", "$full", "$marketable", "$toFill", "$over"))
            {
                foreach (var o in analysis.Orders)
                {
                    insert.Text(0, runId).Text(1, o.OrderId).Integer(2, o.FillCount).Number(3, o.FilledQuantity).Number(4, o.FillRatio)
                        .Number(5, o.AverageFillPrice).Number(6, o.ReferencePrice).Number(7, o.SlippagePrice).Number(8, o.SlippageTicks)
                        .Number(9, o.SlippageMoney).Number(10, o.LatencyFirstFillMs).Number(11, o.LatencyFullFillMs)
                        .Integer(12, o.Marketable is { } m ? (m ? 1 : 0) : null).Number(13, o.TimeToFillMs).Number(14, o.OverfilledQuantity)
                        .Run();
                }
            }

            InsightWriter.Write(connection, runId, insight);
            var metrics = analysis.Metrics.Concat(insight.Metrics).ToList();
            connection.Execute(Sql.InsertMetric, metrics.Select(m => new { RunId = runId, m.Key, m.Value, m.Unit }).ToList());

            var summary = new MetricsSummary(
                Timestamps.Format(time.GetUtcNow()),
                metrics.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal),
                metrics.ToDictionary(m => m.Key, m => m.Unit, StringComparer.Ordinal),
                analysis.Notes.Concat(insight.Notes).Select(n => n.Key + ": " + n.Message).ToList());
            connection.Execute("UPDATE strategy_runs SET metrics_json = @json WHERE run_id = @runId",
                new { json = JsonSerializer.Serialize(summary, StoreJson.Default.MetricsSummary), runId });
        });
    }

    /// <summary>A number bound as SqliteCommand binds it: NaN is refused (the raw API would store NULL).</summary>
    private static RawStatement Number(this RawStatement statement, int parameter, double? value) =>
        value is { } v && double.IsNaN(v) ? throw new InvalidOperationException("NaN values cannot be stored.") : statement.Real(parameter, value);

    private static class Sql
    {
        public const string InsertTrade = """
            INSERT INTO run_trades(run_id, trade_no, symbol, account_id, side, quantity, entry_utc, exit_utc, entry_price,
                exit_price, gross_pnl, fees, net_pnl, pnl_percent, holding_seconds, mae, mfe, excursion_source,
                entry_order_ids, exit_order_ids, entry_tag, exit_tag, exit_reason, initial_stop, r_multiple, is_open, unrealized_pnl)
            VALUES ($p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12, $p13, $p14, $p15, $p16, $p17, $p18,
                    $p19, $p20, $p21, $p22, $p23, $p24, $p25, $p26, $p27)
            """;

        public static readonly string[] TradeParameters = Enumerable.Range(1, 27).Select(i => "$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        public const string InsertEquity = """
            INSERT INTO run_equity(run_id, seq, ts_utc, equity, drawdown, drawdown_pct)
            VALUES ($run, $seq, $ts, $equity, $dd, $ddPct)
            """;

        public const string InsertOrderQuality = """
            INSERT INTO run_order_quality(run_id, order_id, fill_count, filled_quantity, fill_ratio, avg_fill_price,
                reference_price, slippage_price, slippage_ticks, slippage_money, latency_first_fill_ms, latency_full_fill_ms,
                marketable, time_to_fill_ms, overfilled_quantity)
            VALUES ($run, $order, $count, $filled, $ratio, $avg, $ref, $slip, $ticks, $money, $first, $full, $marketable, $toFill, $over)
            """;

        public const string InsertMetric = "INSERT INTO run_metrics_kv(run_id, key, value, unit) VALUES (@RunId, @Key, @Value, @Unit)";
    }
}
