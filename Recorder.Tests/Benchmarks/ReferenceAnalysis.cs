using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Benchmarks;

/// <summary>
/// The analysis store as it was before it was made faster, kept as the reference the faster one must match row for
/// row: Dapper's tuple mapping to load (with the per-order OCO subqueries and the stop check), SqliteCommand's named
/// binding to store. Slow on purpose; only tests use it.
/// </summary>
internal static class ReferenceAnalysis
{
    public static void Analyze(SqliteConnection connection, string runId, TimeProvider time)
    {
        var input = Load(connection, runId);
        var analysis = RunAnalyzer.Analyze(input, AnalysisOptions.Default);
        // The insight (schema 6) came after this reference; it is stored on top exactly as the product does, so the
        // comparison stays about the loader and the store of the analysis; so are the deflated Sharpe figures.
        // Stored at the product's precision (docs/metrics.md, "Stored precision"), which StoredPrecisionTests check on their own.
        var precision = StoredPrecision.Of(input);
        Store(connection, runId, precision.Apply(analysis), RunInsight.Compute(connection, runId, input, analysis), precision, time);
        RunAnalysisStore.StoreTrialFigures(connection, [runId]);
    }

    private static RunInput Load(SqliteConnection connection, string runId)
    {
        var run = connection.QueryFirst<(string StartUtc, string? EndUtc, double? InitialBalance, string Status)>(
            "SELECT start_utc, end_utc, initial_balance, status FROM strategy_runs WHERE run_id = @runId", new { runId });
        var fills = new List<Fill>();
        foreach (var x in connection.Query<(string Id, string Order, string? Symbol, string? Account, string? Side,
                     double Quantity, double Price, double? Fee, string Time, string Impact)>(
                     """
                     SELECT execution_id, order_id, symbol, account_id, side, quantity, price, fee, exec_utc, position_impact
                     FROM executions WHERE run_id = @runId ORDER BY exec_utc, id
                     """, new { runId }))
        {
            if (StoredText.ParseSide(x.Side) is { } side)
            {
                fills.Add(new Fill(x.Id, x.Order, x.Symbol ?? string.Empty, x.Account ?? string.Empty, side, x.Quantity, x.Price,
                    x.Fee ?? 0, Timestamps.Parse(x.Time), StoredText.ParsePositionImpact(x.Impact)));
            }
        }

        var initialStops = new Dictionary<string, double>(StringComparer.Ordinal);
        if (connection.ExecuteScalar<long>("SELECT EXISTS(SELECT 1 FROM orders WHERE run_id = @runId AND stop_price IS NOT NULL)", new { runId }) != 0)
        {
            foreach (var (orderId, stop) in connection.Query<(string, double)>(
                         """
                         SELECT json_extract(payload_json, '$.order_id'), CAST(json_extract(payload_json, '$.stop_price') AS REAL)
                         FROM ingest_events
                         WHERE run_id = @runId AND event_type = 'ORDER' AND json_extract(payload_json, '$.stop_price') IS NOT NULL
                         ORDER BY id
                         """, new { runId }))
            {
                initialStops.TryAdd(orderId, stop);
            }
        }

        var orders = new List<OrderInfo>();
        foreach (var o in connection.Query<(string Id, string Symbol, string? Account, string Side, string Type, double Quantity,
                     string Status, string Submit, string? Update, double? Price, double? Stop, string? Tag, string? Parent,
                     string? Role, string? Group)>(
                     """
                     SELECT o.order_id, o.symbol, o.account_id, o.side, o.order_type, o.quantity, o.status, o.submit_utc,
                            o.update_utc, o.price, o.stop_price, o.client_tag, o.parent_order_id,
                            (SELECT l.oco_role FROM order_oco_links l WHERE l.run_id = o.run_id AND l.order_id = o.order_id ORDER BY l.id LIMIT 1),
                            (SELECT l.oco_group_id FROM order_oco_links l WHERE l.run_id = o.run_id AND l.order_id = o.order_id ORDER BY l.id LIMIT 1)
                     FROM orders o WHERE o.run_id = @runId ORDER BY o.id
                     """, new { runId }))
        {
            if (StoredText.ParseSide(o.Side) is not { } side)
            {
                continue;
            }

            orders.Add(new OrderInfo(o.Id, o.Symbol, side, StoredText.ParseOrderType(o.Type), o.Quantity,
                StoredText.ParseOrderStatus(o.Status), Timestamps.Parse(o.Submit))
            {
                Account = o.Account ?? string.Empty,
                LimitPrice = o.Price,
                StopPrice = o.Stop,
                // No raw-log stop: none (the old dictionary default of 0 was a stop at price 0; fixed in both).
                InitialStopPrice = initialStops.TryGetValue(o.Id, out var first) ? first : null,
                LastUpdateUtc = o.Update is null ? null : Timestamps.Parse(o.Update),
                ClientTag = o.Tag,
                OcoRole = StoredText.ParseOcoRole(o.Role),
                OcoGroupId = o.Group,
                ParentOrderId = o.Parent,
            });
        }

        var bars = new List<BarSeries>();
        foreach (var (seriesId, symbol, timeframe) in connection.Query<(string, string, string)>(
                     "SELECT series_id, symbol, timeframe FROM run_series WHERE run_id = @runId ORDER BY series_id", new { runId }).ToList())
        {
            var list = connection.Query<(string Ts, double O, double H, double L, double C, double? V)>(
                    "SELECT ts_utc, open, high, low, close, volume FROM bars WHERE series_id = @seriesId ORDER BY ts_utc", new { seriesId })
                .Select(b => new Bar(Timestamps.Parse(b.Ts), b.O, b.H, b.L, b.C, b.V ?? 0))
                .ToList();
            // The series' id, as the loader gives it: the analysis says which equity points are marked on its bars.
            bars.Add(new BarSeries(symbol, list) { BarDuration = Timeframes.Duration(timeframe), Key = seriesId });
        }

        var symbols = connection.Query<(string Symbol, double? TickSize, double? TickValue, double? PointValue, string? Currency, string? SymbolType)>(
                "SELECT symbol, tick_size, tick_value, point_value, currency, symbol_type FROM run_instruments WHERE run_id = @runId", new { runId })
            .ToDictionary(r => r.Symbol, r => new SymbolSpec { TickSize = r.TickSize, TickValue = r.TickValue, PointValue = r.PointValue, Currency = r.Currency, SymbolType = r.SymbolType },
                StringComparer.Ordinal);
        var context = new RunContext
        {
            InitialBalance = run.InitialBalance,
            StartUtc = Timestamps.Parse(run.StartUtc),
            EndUtc = run.EndUtc is null || run.Status == "ABANDONED" ? null : Timestamps.Parse(run.EndUtc),
            Symbols = symbols,
        };
        return new RunInput(fills, orders, bars, context);
    }

    private static void Store(SqliteConnection connection, string runId, RunAnalysis analysis, RunInsight insight, StoredPrecision precision, TimeProvider time)
    {
        WriteTransaction.Run(connection, () =>
        {
            foreach (var table in new[] { "run_trades", "run_order_quality", "run_metrics_kv" })
            {
                connection.Execute($"DELETE FROM {table} WHERE run_id = @runId", new { runId });
            }

            connection.Execute(StoredEquity.DeletePoints, new { runId });

            var names = Enumerable.Range(1, 27).Select(i => "$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var number = 0;
            using (var insert = new ReferenceInsert(connection, $"INSERT INTO run_trades(run_id, trade_no, symbol, account_id, side, quantity, entry_utc, exit_utc, entry_price, exit_price, gross_pnl, fees, net_pnl, pnl_percent, holding_seconds, mae, mfe, excursion_source, entry_order_ids, exit_order_ids, entry_tag, exit_tag, exit_reason, initial_stop, r_multiple, is_open, unrealized_pnl) VALUES ({string.Join(", ", names)})", names))
            {
                foreach (var t in analysis.Trades)
                {
                    insert.Execute(runId, ++number, t.Symbol, t.Account, StoredText.TradeDirection(t.Side), t.Quantity,
                        Timestamps.Format(t.EntryTimeUtc), Timestamps.Format(t.ExitTimeUtc), t.EntryPrice, t.ExitPrice,
                        t.GrossPnl, t.Fees, t.NetPnl, t.PnlPct, t.HoldingTime.TotalSeconds, t.Mae, t.Mfe,
                        StoredText.Excursion(t.ExcursionSource),
                        JsonSerializer.Serialize(t.EntryOrderIds, StoreJson.Default.IReadOnlyListString),
                        JsonSerializer.Serialize(t.ExitOrderIds, StoreJson.Default.IReadOnlyListString),
                        t.EntryTag, t.ExitTag, StoredText.ExitReasonCode(t.ExitReason), t.InitialStop, t.RMultiple, 0, null);
                }

                foreach (var p in analysis.OpenPositions)
                {
                    insert.Execute(runId, ++number, p.Symbol, p.Account, StoredText.TradeDirection(p.Side), p.Quantity,
                        Timestamps.Format(p.EntryTimeUtc), null, p.AverageEntryPrice, null, null, p.EntryFees, null, null,
                        null, null, null, null, null, null, null, null, null, null, null, 1, p.UnrealisedPnl);
                }
            }

            // The rows run_equity shows, each stored as a point or flat stride of its own (none marked on the bars), under
            // the run's key; the view derives the drawdowns, rounded to the key's money decimals.
            var equity = EquityStrides.ViewRows(analysis.Equity, analysis.EquityMarks);
            connection.Execute(StoredEquity.Key, new { runId, pctKnown = equity.Any(e => e.Point.DrawdownPct is not null) });
            connection.Execute("UPDATE equity_runs SET money_decimals = @decimals WHERE run_id = @runId", new { decimals = precision.MoneyDecimals, runId });
            using (var insert = new ReferenceInsert(connection,
                       "INSERT INTO equity_data(run_key, seq, ts, equity, repeats, repeat_step_ticks) VALUES ((SELECT run_key FROM equity_runs WHERE run_id = $1), $2, $3, $4, $5, $6)",
                       "$1", "$2", "$3", "$4", "$5", "$6"))
            {
                foreach (var e in equity)
                {
                    insert.Execute(runId, e.Seq, StoredEquity.Ticks(e.Point.TimeUtc), e.Point.Equity, e.Repeats, e.StepTicks);
                }
            }

            var q = Enumerable.Range(1, 15).Select(i => "$" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            using (var insert = new ReferenceInsert(connection, $"INSERT INTO run_order_quality(run_id, order_id, fill_count, filled_quantity, fill_ratio, avg_fill_price, reference_price, slippage_price, slippage_ticks, slippage_money, latency_first_fill_ms, latency_full_fill_ms, marketable, time_to_fill_ms, overfilled_quantity) VALUES ({string.Join(", ", q)})", q))
            {
                foreach (var o in analysis.Orders)
                {
                    insert.Execute(runId, o.OrderId, o.FillCount, o.FilledQuantity, o.FillRatio, o.AverageFillPrice,
                        o.ReferencePrice, o.SlippagePrice, o.SlippageTicks, o.SlippageMoney, o.LatencyFirstFillMs, o.LatencyFullFillMs,
                        o.Marketable is { } m ? (m ? 1 : 0) : null, o.TimeToFillMs, o.OverfilledQuantity);
                }
            }

            InsightWriter.Write(connection, runId, insight, precision);
            var metrics = analysis.Metrics.Concat(insight.Metrics.Select(precision.Of)).ToList();
            connection.Execute("INSERT INTO run_metrics_kv(run_id, key, value, unit) VALUES (@RunId, @Key, @Value, @Unit)",
                metrics.Select(m => new { RunId = runId, m.Key, m.Value, m.Unit }).ToList());
            var summary = new MetricsSummary(
                Timestamps.Format(time.GetUtcNow()),
                RunAnalysisStore.AsOf(connection, runId),
                true,
                precision.MoneyDecimals,
                metrics.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal),
                metrics.ToDictionary(m => m.Key, m => m.Unit, StringComparer.Ordinal),
                analysis.Notes.Concat(insight.Notes).Select(n => n.Key + ": " + n.Message).ToList());
            connection.Execute("UPDATE strategy_runs SET metrics_json = @json WHERE run_id = @runId",
                new { json = JsonSerializer.Serialize(summary, StoreJson.Default.MetricsSummary), runId });
        });
    }

    // The product's prepared commands bind by name now; the reference keeps the positional SqliteCommand it had.
    private sealed class ReferenceInsert : IDisposable
    {
        private readonly SqliteCommand command;

        public ReferenceInsert(SqliteConnection connection, string sql, params string[] names)
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in names)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }
        }

        public void Execute(params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            command.ExecuteNonQuery();
        }

        public void Dispose() => command.Dispose();
    }
}
