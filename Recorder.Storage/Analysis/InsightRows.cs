using QuantowerRecorder.Analytics.Insight;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>
/// A run's insight as the rows of run_order_shortfall and run_trade_context, in their columns' order: the one mapping
/// the file's writer (<see cref="InsightWriter"/>) and the team store (<see cref="AnalysisRows"/>) both store.
/// </summary>
internal static class InsightRows
{
    public static readonly string[] ShortfallColumns =
    [
        "run_id", "order_id", "symbol", "side", "decision_id", "has_decision", "intended_quantity", "filled_quantity",
        "decision_price", "submission_price", "avg_fill_price", "end_price", "delay", "delay_unknown", "execution",
        "execution_unknown", "fees", "opportunity", "opportunity_unknown", "total", "complete", "point_value_assumed",
    ];

    public static readonly string[] ContextColumns =
    [
        "run_id", "trade_no", "entry_bar_utc", "entry_delta", "entry_cum_delta", "entry_poc_ticks", "entry_imbalance",
        "exit_bar_utc", "exit_delta", "exit_cum_delta", "exit_poc_ticks", "exit_imbalance", "bracket_outcome",
        "stop_order_id", "target_order_id", "initial_stop", "final_stop", "target_price", "stop_moves", "stop_moved_ticks",
        "time_to_outcome_s", "placed_reward_risk", "got_reward_risk", "etd", "entry_efficiency", "exit_efficiency",
        "total_efficiency",
    ];

    public static IEnumerable<object?[]> Shortfall(string runId, RunInsight insight, StoredPrecision precision) =>
        insight.Shortfall.Select(o => precision.Row(ShortfallColumns, Zeroed(new object?[]
        {
            runId, o.OrderId, o.Symbol, Sqlite.StoredText.SideCode(o.Side), insight.DecisionIds.GetValueOrDefault(o.OrderId),
            o.DecisionPrice.HasValue ? 1L : 0L, o.IntendedQuantity, o.FilledQuantity, o.DecisionPrice, o.SubmissionPrice,
            o.AverageFillPrice, o.EndPrice, o.Delay, o.DelayUnknownReason, o.Execution, o.ExecutionUnknownReason,
            o.Fees, o.Opportunity, o.OpportunityUnknownReason, o.Total, o.Complete ? 1L : 0L, o.PointValueAssumed ? 1L : 0L,
        })));

    public static IEnumerable<object?[]> Context(string runId, RunInsight insight, StoredPrecision precision) =>
        insight.Trades.Select((trade, i) =>
        {
            var (flow, bracket, excursion) = trade;
            var entry = flow.Entry;
            var exit = flow.Exit;
            return precision.Row(ContextColumns, Zeroed(new object?[]
            {
                runId, (long)i + 1,
                entry is null ? null : Timestamps.Format(entry.BarTimeUtc), entry?.Delta, entry?.CumulativeDelta, entry?.PocDistanceTicks, entry?.Imbalance,
                exit is null ? null : Timestamps.Format(exit.BarTimeUtc), exit?.Delta, exit?.CumulativeDelta, exit?.PocDistanceTicks, exit?.Imbalance,
                bracket is null ? null : Outcome(bracket.Outcome), bracket?.StopOrderId, bracket?.TargetOrderId, bracket?.InitialStop,
                bracket?.FinalStop, bracket?.Target, bracket is null ? null : (long)bracket.StopMoves, bracket?.StopMovedTicks,
                bracket?.TimeToOutcome.TotalSeconds, bracket?.PlacedRewardRisk, bracket?.GotRewardRisk,
                excursion.Etd, excursion.EntryEfficiency, excursion.ExitEfficiency, excursion.TotalEfficiency,
            }));
        });

    /// <summary>
    /// −0 (a signed part that came to nothing) stored as 0: SQLite reads a whole REAL back without its sign, PostgreSQL
    /// keeps it, and the same analysis must give the same rows in both.
    /// </summary>
    private static object?[] Zeroed(object?[] row)
    {
        for (var i = 0; i < row.Length; i++)
        {
            if (row[i] is double d && d == 0)
            {
                row[i] = 0d;
            }
        }

        return row;
    }

    /// <summary>The stored spelling of an outcome: TARGET, STOP, MANUAL, REVERSAL, SCRATCH.</summary>
    public static string Outcome(BracketOutcome outcome) => outcome.ToString().ToUpperInvariant();
}

/// <summary>
/// A run's insight as the rows it stores (run_order_shortfall, run_trade_context), made once, where the analysis is
/// computed: the writer only binds them.
/// </summary>
internal sealed record InsightRowLists(IReadOnlyList<object?[]> Shortfall, IReadOnlyList<object?[]> Context)
{
    public static InsightRowLists Of(string runId, RunInsight insight, StoredPrecision precision) =>
        new(InsightRows.Shortfall(runId, insight, precision).ToList(), InsightRows.Context(runId, insight, precision).ToList());
}
