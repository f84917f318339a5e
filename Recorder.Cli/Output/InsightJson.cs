using QuantowerRecorder.Analytics.Insight;
using QuantowerRecorder.Storage.Analysis;

namespace QuantowerRecorder.Cli.Output;

/// <summary>
/// `insight --json`: the stored insight under the schema's column names (run_order_shortfall's <c>avg_fill_price</c>,
/// run_bracket_outcomes' <c>avg_*</c>), written by the contract's serializer like every other record.
/// </summary>
internal sealed record InsightJson(
    string RunId, bool Analyzed, string? Currency, InsightJson.ShortfallJson Shortfall, IReadOnlyList<InsightJson.BracketJson> Brackets,
    IReadOnlyList<InsightJson.DeltaJson> PnlByEntryDelta, IReadOnlyList<Benchmark> BuyAndHold, WalkForwardResult? WalkForward)
{
    public static InsightJson Of(StoredInsight insight)
    {
        var s = insight.Shortfall;
        return new InsightJson(insight.RunId, insight.Analyzed, insight.Currency,
            new ShortfallJson(s.Orders, insight.Orders.Count(o => o.DecisionId is not null), s.OrdersWithDelay, s.CompleteOrders, s.Delay,
                s.Execution, s.Fees, s.Opportunity, s.Total,
                insight.Orders.Select(o => new OrderJson(o.OrderId, o.Symbol, o.Side, o.DecisionId, o.DecisionPrice, o.SubmissionPrice,
                    o.AverageFillPrice, o.IntendedQuantity, o.FilledQuantity, o.Delay, o.DelayUnknown, o.Execution, o.Fees, o.Opportunity,
                    o.Total, o.Complete)).ToList()),
            insight.Brackets.Select(b => new BracketJson(b.Outcome, b.Trades, b.StopMoved, b.AverageStopMoves, b.AveragePlacedRewardRisk,
                b.AverageGotRewardRisk, b.AverageTimeToOutcomeSeconds, b.NetPnl)).ToList(),
            insight.DeltaSplit.Select(d => new DeltaJson(d.Sign, d.Trades, d.Wins, d.NetPnl, d.AverageNetPnl)).ToList(),
            insight.BuyAndHold, insight.WalkForward);
    }

    internal sealed record ShortfallJson(
        int Orders, int OrdersWithDecision, int OrdersWithDelay, int CompleteOrders, double? Delay, double? Execution, double Fees,
        double? Opportunity, double Total, IReadOnlyList<OrderJson> ByOrder);

    internal sealed record OrderJson(
        string OrderId, string Symbol, string Side, string? DecisionId, double? DecisionPrice, double? SubmissionPrice, double? AvgFillPrice,
        double IntendedQuantity, double FilledQuantity, double? Delay, string? DelayUnknown, double? Execution, double Fees,
        double? Opportunity, double Total, bool Complete);

    internal sealed record BracketJson(
        string Outcome, long Trades, long StopMoved, double? AvgStopMoves, double? AvgPlacedRewardRisk, double? AvgGotRewardRisk,
        double? AvgTimeToOutcomeS, double? NetPnl);

    internal sealed record DeltaJson(string EntryDeltaSign, long Trades, long Wins, double? NetPnl, double? AvgNetPnl);
}
