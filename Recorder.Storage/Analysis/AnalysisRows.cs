using System.Data.Common;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>
/// A run's analysis as the rows of its derived tables (run_trades, run_equity, run_order_quality, run_metrics_kv and the
/// insight's run_order_shortfall, run_trade_context) and its strategy_runs.metrics_json, with the values <see cref="RunAnalysisStore"/> writes into a file: for another store
/// (the PostgreSQL team store) to store the same rows. Values are long, double, string or null.
/// </summary>
public static class AnalysisRows
{
    /// <summary>The derived tables in the order they are written.</summary>
    public static IReadOnlyList<string> Tables { get; } =
        ["run_trades", "run_equity", "run_order_quality", "run_metrics_kv", "run_order_shortfall", "run_trade_context"];

    /// <summary>
    /// Every derived table's rows for the run, by table name (<see cref="Tables"/>), and its metrics_json: the analysis,
    /// plus the insight computed from what <paramref name="connection"/> holds beyond the input (decision marks,
    /// volumetric bars, stop history), as a file's analysis stores them.
    /// </summary>
    public static AnalysisRowSet Of(DbConnection connection, ReadDialect dialect, string runId, RunInput input, RunAnalysis analysis,
        DateTimeOffset analysedUtc)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var insight = RunInsight.Compute(connection, runId, input, analysis, dialect);
        var precision = StoredPrecision.Of(input);
        analysis = precision.Apply(analysis);
        var metrics = analysis.Metrics.Concat(insight.Metrics.Select(precision.Of)).ToList();
        var tables = new Dictionary<string, StoredTable>(StringComparer.Ordinal)
        {
            ["run_trades"] = Trades(runId, analysis),
            ["run_equity"] = new(AnalysisSteps.Sql.Columns<AnalysisSteps.EquityColumn>(),
                EquityStrides.ViewRows(analysis.Equity, analysis.EquityMarks).Select(e => Row(runId, e.Seq, Timestamps.Format(e.Point.TimeUtc), e.Point.Equity,
                    e.Point.Drawdown, e.Point.DrawdownPct, e.Repeats, e.StepTicks)).ToList()),
            ["run_order_quality"] = new(AnalysisSteps.Sql.Columns<AnalysisSteps.QualityColumn>(),
                analysis.Orders.Select(o => Row(runId, o.OrderId, (long)o.FillCount, o.FilledQuantity, o.FillRatio, o.AverageFillPrice,
                    o.ReferencePrice, o.SlippagePrice, o.SlippageTicks, o.SlippageMoney, o.LatencyFirstFillMs, o.LatencyFullFillMs,
                    o.Marketable is { } m ? (m ? 1L : 0L) : null, o.TimeToFillMs, o.OverfilledQuantity)).ToList()),
            ["run_metrics_kv"] = new(AnalysisSteps.Sql.Columns<AnalysisSteps.MetricColumn>(), metrics.Select(m => Row(runId, m.Key, m.Value, m.Unit)).ToList()),
            ["run_order_shortfall"] = new(InsightRows.ShortfallColumns, InsightRows.Shortfall(runId, insight, precision).ObjectRows().ToList()),
            ["run_trade_context"] = new(InsightRows.ContextColumns, InsightRows.Context(runId, insight, precision).ObjectRows().ToList()),
        };
        return new AnalysisRowSet(tables, MetricsSummary.Json(metrics, analysis, insight, precision, analysedUtc));
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
                StoreJson.Ids(t.EntryOrderIds),
                StoreJson.Ids(t.ExitOrderIds),
                t.EntryTag, t.ExitTag, StoredText.ExitReasonCode(t.ExitReason), t.InitialStop, t.RMultiple, 0L, null));
        }

        foreach (var p in analysis.OpenPositions)
        {
            rows.Add(Row(runId, ++number, p.Symbol, p.Account, StoredText.TradeDirection(p.Side), p.Quantity,
                Timestamps.Format(p.EntryTimeUtc), null, p.AverageEntryPrice, null, null, p.EntryFees, null, null,
                null, null, null, null, null, null, null, null, null, null, null, 1L, p.UnrealisedPnl));
        }

        return new StoredTable(AnalysisSteps.Sql.Columns<AnalysisSteps.TradeColumn>(), rows);
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

/// <summary>A run's derived rows by table and its metrics_json (<see cref="AnalysisRows.Of"/>).</summary>
public sealed record AnalysisRowSet(IReadOnlyDictionary<string, StoredTable> Tables, string MetricsJson);
