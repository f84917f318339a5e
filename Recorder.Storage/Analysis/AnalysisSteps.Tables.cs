using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>The derived tables' statements, and the columns each insert binds in order.</summary>
internal static partial class AnalysisSteps
{
    internal static class Sql
    {
        public static readonly string InsertTrade = Insert("run_trades", Columns<TradeColumn>(), NamedStatement<TradeColumn>.Names);

        /// <summary>
        /// The points go into equity_data under the run's key (<see cref="EquityRunKey"/>), as its columns keep them
        /// (schema 18: the time as an integer, no drawdown: run_equity derives it). run_equity is a view to read (schema
        /// 25); its insert trigger, while it had one, cost half of storing a long backtest's curve in lookups and text.
        /// </summary>
        public static readonly string InsertEquity = Insert("equity_data", Columns<EquityPointColumn>().Select(c => c == "run_id" ? "run_key" : c),
            NamedStatement<EquityPointColumn>.Names.Select(p => p == "$runId" ? RunKeyOf : p));

        /// <summary>
        /// The run's key in equity_runs, made before its points are inserted, whether its drawdown has a percentage
        /// (<c>@pctKnown</c>: the analysis gave one, its initial balance being known), and the decimals its money is stored
        /// at (<c>@moneyDecimals</c>: the views round the equity they compute from the bars, and every drawdown, to them).
        /// </summary>
        public const string EquityRunKey = """
            INSERT INTO equity_runs(run_id, pct_known, money_decimals) VALUES (@runId, @pctKnown, @moneyDecimals)
            ON CONFLICT(run_id) DO UPDATE SET pct_known = excluded.pct_known, money_decimals = excluded.money_decimals
            """;

        /// <summary>The value an equity point's run_key gets: the key of its run's id.</summary>
        public const string RunKeyOf = "(SELECT run_key FROM equity_runs WHERE run_id = $runId)";

        public static readonly string InsertOrderQuality = Insert("run_order_quality", Columns<QualityColumn>(), NamedStatement<QualityColumn>.Names);

        public static readonly string InsertMetric = Insert("run_metrics_kv", Columns<MetricColumn>(), NamedStatement<MetricColumn>.Names);

        /// <summary>Deletes one of the run's rows of a derived table (<see cref="AnalysisRows.Tables"/>) by its key (<c>@key</c>).</summary>
        public static string DeleteRow(string table) => table switch
        {
            Trades or "run_trade_context" => $"DELETE FROM {table} WHERE run_id = @runId AND trade_no = @key",
            Equity => "DELETE FROM equity_data WHERE run_key = (SELECT run_key FROM equity_runs WHERE run_id = @runId) AND seq = @key",
            Quality or "run_order_shortfall" => $"DELETE FROM {table} WHERE run_id = @runId AND order_id = @key",
            Metrics => "DELETE FROM run_metrics_kv WHERE run_id = @runId AND key = @key",
            _ => throw new ArgumentOutOfRangeException(nameof(table), table, "not a derived table"),
        };

        public static string Insert(string table, IEnumerable<string> columns, IEnumerable<string> parameters) =>
            $"INSERT INTO {table}({string.Join(", ", columns)}) VALUES ({string.Join(", ", parameters)})";

        /// <summary>The columns an insert's enum names, in its order: <c>RMultiple</c> (parameter <c>$rMultiple</c>) → <c>r_multiple</c>.</summary>
        public static string[] Columns<TParam>()
            where TParam : struct, Enum =>
            NamedStatement<TParam>.Names.Select(name => string.Concat(name[1..].Select(ch => char.IsUpper(ch) ? "_" + char.ToLowerInvariant(ch) : ch.ToString()))).ToArray();
    }

    // The four inserts' columns, in order: each statement and the team store's rows (AnalysisRows) are made from them,
    // and AnalysisBindingTests checks that each parameter follows its column.
    internal enum TradeColumn
    {
        RunId, TradeNo, Symbol, AccountId, Side, Quantity, EntryUtc, ExitUtc, EntryPrice, ExitPrice, GrossPnl, Fees, NetPnl,
        PnlPercent, HoldingSeconds, Mae, Mfe, ExcursionSource, EntryOrderIds, ExitOrderIds, EntryTag, ExitTag, ExitReason,
        InitialStop, RMultiple, IsOpen, UnrealizedPnl,
    }

    internal enum EquityColumn
    {
        RunId, Seq, TsUtc, Equity, Drawdown, DrawdownPct, Repeats, RepeatStepTicks,
    }

    /// <summary>
    /// An equity point as equity_data stores it: run_equity's row less what the view derives (schema 18), or a stride
    /// marked on a series' bars (schema 19, <see cref="StoredEquityRow"/>).
    /// </summary>
    internal enum EquityPointColumn
    {
        RunId, Seq, Ts, Equity, Repeats, RepeatStepTicks, MarkSeries, MarkFactor,
    }

    internal enum MetricColumn
    {
        RunId, Key, Value, Unit,
    }

    internal enum QualityColumn
    {
        RunId, OrderId, FillCount, FilledQuantity, FillRatio, AvgFillPrice, ReferencePrice, SlippagePrice, SlippageTicks,
        SlippageMoney, LatencyFirstFillMs, LatencyFullFillMs, Marketable, TimeToFillMs, OverfilledQuantity,
    }
}
