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

    public static InsightTable Shortfall(string runId, RunInsight insight, StoredPrecision precision)
    {
        var table = new InsightTable(ShortfallColumns, insight.Shortfall.Count);
        foreach (var o in insight.Shortfall)
        {
            var row = table.Add().Text(runId).Text(o.OrderId).Text(o.Symbol).Text(Sqlite.StoredText.SideCode(o.Side))
                .Text(insight.DecisionIds.GetValueOrDefault(o.OrderId)).Flag(o.DecisionPrice.HasValue).Real(o.IntendedQuantity)
                .Real(o.FilledQuantity).Real(o.DecisionPrice).Real(o.SubmissionPrice).Real(o.AverageFillPrice).Real(o.EndPrice)
                .Real(o.Delay).Text(o.DelayUnknownReason).Real(o.Execution).Text(o.ExecutionUnknownReason).Real(o.Fees)
                .Real(o.Opportunity).Text(o.OpportunityUnknownReason).Real(o.Total).Flag(o.Complete).Flag(o.PointValueAssumed);
            precision.Round(ShortfallColumns, row.Values);
            row.End();
        }

        return table;
    }

    public static InsightTable Context(string runId, RunInsight insight, StoredPrecision precision)
    {
        var table = new InsightTable(ContextColumns, insight.Trades.Count);
        var number = 0L;
        foreach (var (flow, bracket, excursion) in insight.Trades)
        {
            var entry = flow.Entry;
            var exit = flow.Exit;
            var row = table.Add().Text(runId).Integer(++number)
                .Text(entry is null ? null : Timestamps.Format(entry.BarTimeUtc)).Real(entry?.Delta).Real(entry?.CumulativeDelta)
                .Real(entry?.PocDistanceTicks).Real(entry?.Imbalance)
                .Text(exit is null ? null : Timestamps.Format(exit.BarTimeUtc)).Real(exit?.Delta).Real(exit?.CumulativeDelta)
                .Real(exit?.PocDistanceTicks).Real(exit?.Imbalance)
                .Text(bracket is null ? null : Outcome(bracket.Outcome)).Text(bracket?.StopOrderId).Text(bracket?.TargetOrderId)
                .Real(bracket?.InitialStop).Real(bracket?.FinalStop).Real(bracket?.Target).Integer(bracket?.StopMoves)
                .Real(bracket?.StopMovedTicks).Real(bracket?.TimeToOutcome.TotalSeconds).Real(bracket?.PlacedRewardRisk)
                .Real(bracket?.GotRewardRisk).Real(excursion.Etd).Real(excursion.EntryEfficiency).Real(excursion.ExitEfficiency)
                .Real(excursion.TotalEfficiency);
            precision.Round(ContextColumns, row.Values);
            row.End();
        }

        return table;
    }

    /// <summary>
    /// The stored spelling of an outcome: TARGET, STOP, MANUAL, REVERSAL, SCRATCH. One string each, as the table hashes a
    /// text given again by reference once (<see cref="InsightTable"/>), not a new one per trade.
    /// </summary>
    public static string Outcome(BracketOutcome outcome) => outcome switch
    {
        BracketOutcome.Target => "TARGET",
        BracketOutcome.Stop => "STOP",
        BracketOutcome.Reversal => "REVERSAL",
        BracketOutcome.Scratch => "SCRATCH",
        BracketOutcome.Manual => "MANUAL",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "not a bracket outcome"),
    };
}

/// <summary>
/// A run's insight as the rows it stores (run_order_shortfall, run_trade_context), made once, where the analysis is
/// computed: the writer only binds them.
/// </summary>
internal sealed record InsightRowLists(InsightTable Shortfall, InsightTable Context)
{
    public static InsightRowLists Of(string runId, RunInsight insight, StoredPrecision precision) =>
        new(InsightRows.Shortfall(runId, insight, precision), InsightRows.Context(runId, insight, precision));
}
