using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics.Insight;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>
/// Writes a run's insight into run_order_shortfall and run_trade_context, replacing what an earlier analysis stored;
/// called inside the analysis' own transaction. One prepared command per table (STYLE.md §4).
/// </summary>
internal static class InsightWriter
{
    public static void Write(SqliteConnection connection, string runId, RunInsight insight)
    {
        connection.Execute("DELETE FROM run_order_shortfall WHERE run_id = @runId", new { runId });
        connection.Execute("DELETE FROM run_trade_context WHERE run_id = @runId", new { runId });

        using (var insert = new PreparedCommand(connection, Sql.InsertShortfall, Sql.Parameters(22)))
        {
            foreach (var o in insight.Shortfall)
            {
                var decision = insight.DecisionIds.GetValueOrDefault(o.OrderId);
                insert.Execute(runId, o.OrderId, o.Symbol, o.Side == Analytics.Side.Buy ? "BUY" : "SELL", decision,
                    o.DecisionPrice.HasValue ? 1 : 0, o.IntendedQuantity, o.FilledQuantity, o.DecisionPrice, o.SubmissionPrice,
                    o.AverageFillPrice, o.EndPrice, o.Delay, o.DelayUnknownReason, o.Execution, o.ExecutionUnknownReason,
                    o.Fees, o.Opportunity, o.OpportunityUnknownReason, o.Total, o.Complete ? 1 : 0, o.PointValueAssumed ? 1 : 0);
            }
        }

        using (var insert = new PreparedCommand(connection, Sql.InsertContext, Sql.Parameters(27)))
        {
            for (var i = 0; i < insight.Trades.Count; i++)
            {
                var (flow, bracket, excursion) = insight.Trades[i];
                var entry = flow.Entry;
                var exit = flow.Exit;
                insert.Execute(runId, i + 1,
                    entry is null ? null : Timestamps.Format(entry.BarTimeUtc), entry?.Delta, entry?.CumulativeDelta, entry?.PocDistanceTicks, entry?.Imbalance,
                    exit is null ? null : Timestamps.Format(exit.BarTimeUtc), exit?.Delta, exit?.CumulativeDelta, exit?.PocDistanceTicks, exit?.Imbalance,
                    bracket is null ? null : Outcome(bracket.Outcome), bracket?.StopOrderId, bracket?.TargetOrderId, bracket?.InitialStop,
                    bracket?.FinalStop, bracket?.Target, bracket?.StopMoves, bracket?.StopMovedTicks, bracket?.TimeToOutcome.TotalSeconds,
                    bracket?.PlacedRewardRisk, bracket?.GotRewardRisk,
                    excursion.Etd, excursion.EntryEfficiency, excursion.ExitEfficiency, excursion.TotalEfficiency);
            }
        }
    }

    /// <summary>The stored spelling of an outcome: TARGET, STOP, MANUAL, REVERSAL, SCRATCH.</summary>
    public static string Outcome(BracketOutcome outcome) => outcome.ToString().ToUpperInvariant();

    private static class Sql
    {
        public const string InsertShortfall = """
            INSERT INTO run_order_shortfall(run_id, order_id, symbol, side, decision_id, has_decision, intended_quantity,
                filled_quantity, decision_price, submission_price, avg_fill_price, end_price, delay, delay_unknown, execution,
                execution_unknown, fees, opportunity, opportunity_unknown, total, complete, point_value_assumed)
            VALUES ($p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12, $p13, $p14, $p15, $p16, $p17, $p18,
                    $p19, $p20, $p21, $p22)
            """;

        public const string InsertContext = """
            INSERT INTO run_trade_context(run_id, trade_no, entry_bar_utc, entry_delta, entry_cum_delta, entry_poc_ticks,
                entry_imbalance, exit_bar_utc, exit_delta, exit_cum_delta, exit_poc_ticks, exit_imbalance, bracket_outcome,
                stop_order_id, target_order_id, initial_stop, final_stop, target_price, stop_moves, stop_moved_ticks,
                time_to_outcome_s, placed_reward_risk, got_reward_risk, etd, entry_efficiency, exit_efficiency, total_efficiency)
            VALUES ($p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12, $p13, $p14, $p15, $p16, $p17, $p18,
                    $p19, $p20, $p21, $p22, $p23, $p24, $p25, $p26, $p27)
            """;

        public static string[] Parameters(int count) =>
            Enumerable.Range(1, count).Select(i => "$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }
}
