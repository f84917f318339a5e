using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>
/// The writes that store one analysis, in order, each a bounded piece of work (at most <c>rowsPerStep</c> rows):
/// `recorder analyze` runs them all in one transaction; a run's end runs them on the file's writer between the batches
/// of the runs still recording, as many to a transaction as its step budget allows (<see cref="WriterJobs"/>), so
/// that a long store never holds their events back.
/// </summary>
/// <remarks>
/// Between two transactions a reader may see the derived rows half written. metrics_json is what says a run is analysed: the
/// first step clears it and the last step writes it, so a run whose metrics_json is there has all of its rows.
/// The steps are produced lazily and share their sources: each must run before the next is asked for.
/// </remarks>
internal static partial class AnalysisSteps
{
    /// <summary>
    /// Rows per step on the writer: tens of milliseconds of SQLite work even on a busy machine. The analyze
    /// benchmark's plain write managed about 26,000 rows/s on shared 2 cores: 10,000 rows would be ~400 ms, twice the
    /// writer's budget for its jobs at a time.
    /// </summary>
    public const int WriterRowsPerStep = 2_000;

    /// <param name="images">
    /// The writer's record of what it stored last per running run: a store that finds the run's previous one still in the
    /// file writes only the rows that changed and deletes those gone, instead of clearing and writing every row; the
    /// tables end the same either way. A running run's store is kept for its next; a whole run's is not.
    /// </param>
    /// <param name="stop">
    /// Calls off a running run's store between two steps (its end was asked for, whose store follows): what it wrote is
    /// committed and noted (<see cref="RowDiff.CalledOff"/>), so the end's store compares with what the file holds.
    /// </param>
    public static IEnumerable<Action<SqliteConnection>> Of(string runId, RunAnalysisStore.Computed computed, TimeProvider time, int rowsPerStep,
        StoredImages? images = null, CancellationToken stop = default)
    {
        var diff = new RowDiff(images, runId, keep: !computed.WholeRun);
        return Until(Of(runId, computed, time, rowsPerStep, diff), diff, stop);
    }

    private static IEnumerable<Action<SqliteConnection>> Until(IEnumerable<Action<SqliteConnection>> steps, RowDiff diff, CancellationToken stop)
    {
        var ran = false;
        foreach (var step in steps)
        {
            if (stop.IsCancellationRequested)
            {
                // Before its first step nothing was taken or written; after it, what the file holds is noted.
                if (ran)
                {
                    yield return diff.CalledOff;
                }

                yield break;
            }

            ran = true;
            yield return step;
        }
    }

    internal static IEnumerable<Action<SqliteConnection>> Of(string runId, RunAnalysisStore.Computed computed, TimeProvider time, int rowsPerStep,
        RowDiff diff)
    {
        var (trades, openPositions, insightTask, curveTask, rest, _, _, precision) = computed;
        yield return c =>
        {
            diff.Check(c);
            c.Run("UPDATE strategy_runs SET metrics_json = NULL WHERE run_id = @runId", new { runId });
        };
        if (!diff.Active)
        {
            foreach (var step in AnalysisRows.Tables.SelectMany(table => Clear(table, runId, rowsPerStep)))
            {
                yield return step;
            }
        }

        var closed = trades.Count;
        var tradeSteps = Named<TradeColumn, (RoundTrip Trade, int Number)>(Sql.InsertTrade, Trades, row => RowKey.Of(row.Number), diff,
            trades.Select((t, i) => (t, i + 1)), (insert, row) =>
            {
                var (t, number) = row;
                insert.Text(TradeColumn.RunId, runId).Integer(TradeColumn.TradeNo, number).Text(TradeColumn.Symbol, t.Symbol)
                    .Text(TradeColumn.AccountId, t.Account).Text(TradeColumn.Side, StoredText.TradeDirection(t.Side))
                    .Number(TradeColumn.Quantity, t.Quantity).Time(TradeColumn.EntryUtc, t.EntryTimeUtc).Time(TradeColumn.ExitUtc, t.ExitTimeUtc)
                    .Number(TradeColumn.EntryPrice, t.EntryPrice).Number(TradeColumn.ExitPrice, t.ExitPrice)
                    .Number(TradeColumn.GrossPnl, t.GrossPnl).Number(TradeColumn.Fees, t.Fees).Number(TradeColumn.NetPnl, t.NetPnl)
                    .Number(TradeColumn.PnlPercent, t.PnlPct).Number(TradeColumn.HoldingSeconds, t.HoldingTime.TotalSeconds)
                    .Number(TradeColumn.Mae, t.Mae).Number(TradeColumn.Mfe, t.Mfe)
                    .Text(TradeColumn.ExcursionSource, StoredText.Excursion(t.ExcursionSource))
                    .Text(TradeColumn.EntryOrderIds, StoreJson.Ids(t.EntryOrderIds))
                    .Text(TradeColumn.ExitOrderIds, StoreJson.Ids(t.ExitOrderIds))
                    .Text(TradeColumn.EntryTag, t.EntryTag).Text(TradeColumn.ExitTag, t.ExitTag)
                    .Text(TradeColumn.ExitReason, StoredText.ExitReasonCode(t.ExitReason))
                    .Number(TradeColumn.InitialStop, t.InitialStop).Number(TradeColumn.RMultiple, t.RMultiple)
                    .Integer(TradeColumn.IsOpen, 0).Number(TradeColumn.UnrealizedPnl, null);
            }, rowsPerStep)
            // Open positions follow the closed trades; parameters left unbound are NULL (Run clears the bindings).
            .Concat(Named<TradeColumn, (OpenPosition Position, int Number)>(Sql.InsertTrade, Trades, row => RowKey.Of(row.Number), diff,
                openPositions.Select((p, i) => (p, closed + i + 1)), (insert, row) =>
            {
                var (p, number) = row;
                insert.Text(TradeColumn.RunId, runId).Integer(TradeColumn.TradeNo, number).Text(TradeColumn.Symbol, p.Symbol)
                    .Text(TradeColumn.AccountId, p.Account).Text(TradeColumn.Side, StoredText.TradeDirection(p.Side))
                    .Number(TradeColumn.Quantity, p.Quantity).Time(TradeColumn.EntryUtc, p.EntryTimeUtc)
                    .Number(TradeColumn.EntryPrice, p.AverageEntryPrice).Number(TradeColumn.Fees, p.EntryFees)
                    .Integer(TradeColumn.IsOpen, 1).Number(TradeColumn.UnrealizedPnl, p.UnrealisedPnl);
            }, rowsPerStep));
        foreach (var step in tradeSteps)
        {
            yield return step;
        }

        // The trades are stored while the insight and the rest of the analysis are computed; their rows once they are.
        yield return WriterJobs.After(insightTask);
        var insight = insightTask.Result.Insight;
        foreach (var step in InsightWriter.Steps(insightTask.Result.Rows, rowsPerStep, diff))
        {
            yield return step;
        }

        // The equity and execution rows once the curve is computed, while the metrics and validation are.
        yield return WriterJobs.After(curveTask);
        var (curve, equityRows) = curveTask.Result;
        yield return c => c.Run(Sql.EquityRunKey, new
        {
            runId, pctKnown = curve.Equity.Any(p => p.DrawdownPct is not null),
            moneyDecimals = precision.MoneyDecimals,
        });
        // Lazy, as each step moves its rows on: made one after another as they run.
        var steps = Named<EquityPointColumn, StoredEquityRow>(Sql.InsertEquity, Equity, row => RowKey.Of(row.Seq), diff,
                equityRows, (insert, row) =>
                insert.Text(EquityPointColumn.RunId, runId).Integer(EquityPointColumn.Seq, row.Seq)
                    .Integer(EquityPointColumn.Ts, row.Ts).Number(EquityPointColumn.Equity, row.Equity)
                    .Integer(EquityPointColumn.Repeats, row.Repeats).Integer(EquityPointColumn.RepeatStepTicks, row.StepTicks)
                    .Text(EquityPointColumn.MarkSeries, row.MarkSeries).Number(EquityPointColumn.MarkFactor, row.MarkFactor), rowsPerStep)
            .Concat(Named<QualityColumn, OrderExecution>(Sql.InsertOrderQuality, Quality, o => RowKey.Of(o.OrderId), diff, curve.Orders, (insert, o) =>
                insert.Text(QualityColumn.RunId, runId).Text(QualityColumn.OrderId, o.OrderId).Integer(QualityColumn.FillCount, o.FillCount)
                    .Number(QualityColumn.FilledQuantity, o.FilledQuantity).Number(QualityColumn.FillRatio, o.FillRatio)
                    .Number(QualityColumn.AvgFillPrice, o.AverageFillPrice).Number(QualityColumn.ReferencePrice, o.ReferencePrice)
                    .Number(QualityColumn.SlippagePrice, o.SlippagePrice).Number(QualityColumn.SlippageTicks, o.SlippageTicks)
                    .Number(QualityColumn.SlippageMoney, o.SlippageMoney).Number(QualityColumn.LatencyFirstFillMs, o.LatencyFirstFillMs)
                    .Number(QualityColumn.LatencyFullFillMs, o.LatencyFullFillMs)
                    .Integer(QualityColumn.Marketable, o.Marketable is { } m ? (m ? 1 : 0) : null)
                    .Number(QualityColumn.TimeToFillMs, o.TimeToFillMs).Number(QualityColumn.OverfilledQuantity, o.OverfilledQuantity),
                rowsPerStep));
        foreach (var step in steps)
        {
            yield return step;
        }

        yield return WriterJobs.After(rest);
        var analysis = rest.Result;
        yield return c => WriteMetrics(c, runId, computed, insight, analysis, time, diff);
    }

    // The derived tables by the names AnalysisRows.Tables gives them (run_equity's rows are equity_data's).
    private const string Trades = "run_trades", Equity = "run_equity", Quality = "run_order_quality", Metrics = "run_metrics_kv";

    /// <summary>
    /// Steps inserting <paramref name="rows"/>, at most <paramref name="rowsPerStep"/> each, through one statement
    /// the connection keeps prepared (<see cref="StatementCache.TakeNamed"/>; one that keeps none prepares it each step)
    /// and bound by position without boxing (<see cref="RawStatement"/>): binding by name through
    /// SqliteCommand took half the time of storing (the analyze benchmark). InsightWriter's rows come as arrays in its
    /// column order with their fingerprints made where they were (<see cref="InsightTable.Fingerprint"/>); the analysis'
    /// own tables go through <see cref="Named{TParam, T}"/>. Where <paramref name="diff"/> compares, a row stored so before
    /// is passed over without being bound, a changed one replaces the stored one under its key (<see cref="RowDiff.Admit"/>)
    /// and a new one is inserted.
    /// </summary>
    public static IEnumerable<Action<SqliteConnection>> Insert<T>(string sql, string[] parameters, string table, Func<T, RowKey> key,
        Func<T, ulong> fingerprint, RowDiff diff, IEnumerable<T> rows, Action<RawStatement, T> bind, int rowsPerStep) =>
        Slices(c => StatementCache.TakeNamed(c, sql, parameters), diff, rows, (replacer, lease, row) =>
        {
            if (diff.Admit(replacer, table, key(row), fingerprint(row)))
            {
                bind(lease.Statement, row);
                lease.Statement.Run();
            }
        }, rowsPerStep);

    /// <summary>
    /// <see cref="Insert{T}"/> through a statement whose parameters are the members of <typeparamref name="TParam"/>,
    /// checked when it is prepared: a value cannot be bound to another column than the one its member names.
    /// </summary>
    private static IEnumerable<Action<SqliteConnection>> Named<TParam, T>(string sql, string table, Func<T, RowKey> key, RowDiff diff,
        IEnumerable<T> rows, Action<NamedStatement<TParam>, T> bind, int rowsPerStep)
        where TParam : struct, Enum =>
        Slices(c => Prepared(NamedStatement<TParam>.Kept(c, sql), diff), diff, rows, (replacer, insert, row) =>
        {
            bind(insert, row);
            diff.Write(replacer, insert.Row, table, key(row));
        }, rowsPerStep);

    private static NamedStatement<TParam> Prepared<TParam>(NamedStatement<TParam> statement, RowDiff diff)
        where TParam : struct, Enum
    {
        diff.Prepared(statement.Row);
        return statement;
    }

    private static IEnumerable<Action<SqliteConnection>> Slices<TStatement, T>(Func<SqliteConnection, TStatement> prepare, RowDiff diff, IEnumerable<T> rows,
        Action<RowReplacer, TStatement, T> insert, int rowsPerStep)
        where TStatement : IDisposable
    {
        using var source = rows.GetEnumerator();
        var more = source.MoveNext();
        while (more)
        {
            // The step moves the shared source on; the loop reads `more` again once it has run.
            yield return connection =>
            {
                using var statement = prepare(connection);
                using var replacer = diff.Replacer(connection);
                for (var n = 0; more && n < rowsPerStep; n++)
                {
                    insert(replacer, statement, source.Current);
                    more = source.MoveNext();
                }
            };
        }
    }

    // A long run's earlier rows are deleted a slice at a time too: deleting a million rows is seconds of work.
    private static IEnumerable<Action<SqliteConnection>> Clear(string table, string runId, int rowsPerStep)
    {
        // run_equity is a view over equity_data (schema 14), whose rows have no rowid: a slice is the run's first points.
        var delete = table == "run_equity"
            ? """
              DELETE FROM equity_data WHERE run_key = (SELECT run_key FROM equity_runs WHERE run_id = @runId)
                AND seq IN (SELECT seq FROM equity_data WHERE run_key = (SELECT run_key FROM equity_runs WHERE run_id = @runId)
                            ORDER BY seq LIMIT @rowsPerStep)
              """
            : $"DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM {table} WHERE run_id = @runId LIMIT @rowsPerStep)";
        var more = true;
        while (more)
        {
            yield return c => more = c.Run(delete, new { runId, rowsPerStep }) == rowsPerStep;
        }
    }

    private static void WriteMetrics(SqliteConnection connection, string runId, RunAnalysisStore.Computed computed, RunInsight insight, RunAnalysis analysis,
        TimeProvider time, RowDiff diff)
    {
        var (_, _, _, _, _, asOfUtc, wholeRun, precision) = computed;
        var metrics = analysis.Metrics.Concat(insight.Metrics.Select(precision.Of)).ToList();
        // Prepared once and bound by name: a run's hundred metrics through Dapper, row by row, were most of the writer's
        // share of an optimisation pass' close (the optimisation benchmark).
        using var replacer = diff.Replacer(connection);
        using (var insert = Prepared(NamedStatement<MetricColumn>.Kept(connection, Sql.InsertMetric), diff))
        {
            foreach (var m in metrics)
            {
                insert.Text(MetricColumn.RunId, runId).Text(MetricColumn.Key, m.Key).Number(MetricColumn.Value, m.Value)
                    .Text(MetricColumn.Unit, m.Unit);
                diff.Write(replacer, insert.Row, Metrics, RowKey.Of(m.Key));
            }
        }

        // The rows the run's previous store wrote that this one has not (a trade merged away, a metric no longer given).
        diff.DeleteGone(replacer);

        var json = MetricsSummary.Json(metrics, analysis, insight, precision, time.GetUtcNow(), asOfUtc, wholeRun);
        connection.Run("UPDATE strategy_runs SET metrics_json = @json WHERE run_id = @runId", new { json, runId });
        diff.Stored(connection, json);
    }

    /// <summary>A number bound as SqliteCommand binds it: NaN is refused (the raw API would store NULL).</summary>
    internal static NamedStatement<TParam> Number<TParam>(this NamedStatement<TParam> statement, TParam parameter, double? value)
        where TParam : struct, Enum =>
        value is { } v && double.IsNaN(v) ? throw new InvalidOperationException("NaN values cannot be stored.") : statement.Real(parameter, value);
}
