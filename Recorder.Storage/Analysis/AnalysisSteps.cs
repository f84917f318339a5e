using System.Globalization;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>
/// The writes that store one analysis, in order, each a bounded piece of work (at most <c>rowsPerStep</c> rows):
/// `recorder analyze` runs them all in one transaction; a run's end runs them on the file's writer one transaction
/// each, between the batches of the runs still recording, so that a long store never holds their events back.
/// </summary>
/// <remarks>
/// Between two steps a reader may see the derived rows half written. metrics_json is what says a run is analysed: the
/// first step clears it and the last step writes it, so a run whose metrics_json is there has all of its rows.
/// The steps are produced lazily and share their sources: each must run before the next is asked for.
/// </remarks>
internal static class AnalysisSteps
{
    /// <summary>
    /// Rows per step on the writer: tens of milliseconds of SQLite work even on a busy machine. The analyze
    /// benchmark's plain write managed about 26,000 rows/s on shared 2 cores: 10,000 rows would be ~400 ms, twice the
    /// writer's budget for its jobs at a time.
    /// </summary>
    public const int WriterRowsPerStep = 2_000;

    public static IEnumerable<Action<SqliteConnection>> Of(string runId, RunAnalysis analysis, RunInsight insight, TimeProvider time, int rowsPerStep)
    {
        yield return c => c.Execute("UPDATE strategy_runs SET metrics_json = NULL WHERE run_id = @runId", new { runId });
        foreach (var step in AnalysisRows.Tables.SelectMany(table => Clear(table, runId, rowsPerStep)))
        {
            yield return step;
        }

        var trades = analysis.Trades.Count;
        var steps = Insert(Sql.InsertTrade, Sql.TradeParameters, analysis.Trades.Select((t, i) => (t, i + 1)), (insert, row) =>
            {
                var (t, number) = row;
                insert.Text(0, runId).Integer(1, number).Text(2, t.Symbol).Text(3, t.Account).Text(4, StoredText.TradeDirection(t.Side))
                    .Number(5, t.Quantity).Time(6, t.EntryTimeUtc).Time(7, t.ExitTimeUtc).Number(8, t.EntryPrice).Number(9, t.ExitPrice)
                    .Number(10, t.GrossPnl).Number(11, t.Fees).Number(12, t.NetPnl).Number(13, t.PnlPct)
                    .Number(14, t.HoldingTime.TotalSeconds).Number(15, t.Mae).Number(16, t.Mfe)
                    .Text(17, StoredText.Excursion(t.ExcursionSource))
                    .Text(18, JsonSerializer.Serialize(t.EntryOrderIds, StoreJson.Default.IReadOnlyListString))
                    .Text(19, JsonSerializer.Serialize(t.ExitOrderIds, StoreJson.Default.IReadOnlyListString))
                    .Text(20, t.EntryTag).Text(21, t.ExitTag).Text(22, StoredText.ExitReasonCode(t.ExitReason))
                    .Number(23, t.InitialStop).Number(24, t.RMultiple).Integer(25, 0).Number(26, null);
            }, rowsPerStep)
            // Open positions follow the closed trades; parameters left unbound are NULL (Run clears the bindings).
            .Concat(Insert(Sql.InsertTrade, Sql.TradeParameters, analysis.OpenPositions.Select((p, i) => (p, trades + i + 1)), (insert, row) =>
            {
                var (p, number) = row;
                insert.Text(0, runId).Integer(1, number).Text(2, p.Symbol).Text(3, p.Account).Text(4, StoredText.TradeDirection(p.Side))
                    .Number(5, p.Quantity).Time(6, p.EntryTimeUtc).Number(8, p.AverageEntryPrice).Number(11, p.EntryFees)
                    .Integer(25, 1).Number(26, p.UnrealisedPnl);
            }, rowsPerStep))
            .Concat(Insert(Sql.InsertEquity, Sql.EquityParameters, EquityStretches.Fold(analysis.Equity), (insert, row) =>
                insert.Text(0, runId).Integer(1, row.Seq).Time(2, row.Point.TimeUtc).Number(3, row.Point.Equity).Number(4, row.Point.Drawdown)
                    .Number(5, row.Point.DrawdownPct).Integer(6, row.Repeats).Integer(7, row.StepTicks), rowsPerStep))
            .Concat(Insert(Sql.InsertOrderQuality, Sql.OrderQualityParameters, analysis.Orders, (insert, o) =>
                insert.Text(0, runId).Text(1, o.OrderId).Integer(2, o.FillCount).Number(3, o.FilledQuantity).Number(4, o.FillRatio)
                    .Number(5, o.AverageFillPrice).Number(6, o.ReferencePrice).Number(7, o.SlippagePrice).Number(8, o.SlippageTicks)
                    .Number(9, o.SlippageMoney).Number(10, o.LatencyFirstFillMs).Number(11, o.LatencyFullFillMs)
                    .Integer(12, o.Marketable is { } m ? (m ? 1 : 0) : null).Number(13, o.TimeToFillMs).Number(14, o.OverfilledQuantity),
                rowsPerStep))
            .Concat(InsightWriter.Steps(runId, insight, rowsPerStep));
        foreach (var step in steps)
        {
            yield return step;
        }

        yield return c => WriteMetrics(c, runId, analysis, insight, time);
    }

    /// <summary>
    /// Steps inserting <paramref name="rows"/>, at most <paramref name="rowsPerStep"/> each, through one statement
    /// prepared per step and bound by position without boxing (<see cref="RawStatement"/>): binding by name through
    /// SqliteCommand took half the time of storing (the analyze benchmark).
    /// </summary>
    public static IEnumerable<Action<SqliteConnection>> Insert<T>(string sql, string[] parameters, IEnumerable<T> rows,
        Action<RawStatement, T> bind, int rowsPerStep)
    {
        using var source = rows.GetEnumerator();
        var more = source.MoveNext();
        while (more)
        {
            // The step moves the shared source on; the loop reads `more` again once it has run.
            yield return connection =>
            {
                using var insert = new RawStatement(connection, sql, parameters);
                for (var n = 0; more && n < rowsPerStep; n++)
                {
                    bind(insert, source.Current);
                    insert.Run();
                    more = source.MoveNext();
                }
            };
        }
    }

    // A long run's earlier rows are deleted a slice at a time too: deleting a million rows is seconds of work.
    private static IEnumerable<Action<SqliteConnection>> Clear(string table, string runId, int rowsPerStep)
    {
        var more = true;
        while (more)
        {
            yield return c => more = c.Execute(
                $"DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM {table} WHERE run_id = @runId LIMIT @rowsPerStep)",
                new { runId, rowsPerStep }) == rowsPerStep;
        }
    }

    private static void WriteMetrics(SqliteConnection connection, string runId, RunAnalysis analysis, RunInsight insight, TimeProvider time)
    {
        var metrics = analysis.Metrics.Concat(insight.Metrics).ToList();
        connection.Execute(Sql.InsertMetric, metrics.Select(m => new { RunId = runId, m.Key, m.Value, m.Unit }).ToList());
        var summary = new MetricsSummary(
            Timestamps.Format(time.GetUtcNow()),
            metrics.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal),
            metrics.ToDictionary(m => m.Key, m => m.Unit, StringComparer.Ordinal),
            analysis.Notes.Concat(insight.Notes).Select(n => n.Key + ": " + n.Message).ToList());
        connection.Execute("UPDATE strategy_runs SET metrics_json = @json WHERE run_id = @runId",
            new { json = JsonSerializer.Serialize(summary, StoreJson.Default.MetricsSummary), runId });
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

        public static readonly string[] TradeParameters = Enumerable.Range(1, 27).Select(i => "$p" + i.ToString(CultureInfo.InvariantCulture)).ToArray();

        public const string InsertEquity = """
            INSERT INTO run_equity(run_id, seq, ts_utc, equity, drawdown, drawdown_pct, repeats, repeat_step_ticks)
            VALUES ($run, $seq, $ts, $equity, $dd, $ddPct, $repeats, $step)
            """;

        public static readonly string[] EquityParameters = ["$run", "$seq", "$ts", "$equity", "$dd", "$ddPct", "$repeats", "$step"];

        public const string InsertOrderQuality = """
            INSERT INTO run_order_quality(run_id, order_id, fill_count, filled_quantity, fill_ratio, avg_fill_price,
                reference_price, slippage_price, slippage_ticks, slippage_money, latency_first_fill_ms, latency_full_fill_ms,
                marketable, time_to_fill_ms, overfilled_quantity)
            VALUES ($run, $order, $count, $filled, $ratio, $avg, $ref, $slip, $ticks, $money, $first, $full, $marketable, $toFill, $over)
            """;

        public static readonly string[] OrderQualityParameters =
            ["$run", "$order", "$count", "$filled", "$ratio", "$avg", "$ref", "$slip", "$ticks", "$money", "$first", "$full", "$marketable", "$toFill", "$over"];

        public const string InsertMetric = "INSERT INTO run_metrics_kv(run_id, key, value, unit) VALUES (@RunId, @Key, @Value, @Unit)";
    }
}
