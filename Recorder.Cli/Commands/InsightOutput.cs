using System.Globalization;
using QuantowerRecorder.Analytics.Insight;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.Storage.Analysis;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>How `recorder insight` prints for people: tables, an unknown figure as "–" (--json writes <see cref="InsightJson"/>, null there).</summary>
internal static class InsightOutput
{
    public static void Text(CliContext context, StoredInsight insight, bool wide)
    {
        context.Line($"Run {insight.RunId}");
        if (!insight.Analyzed)
        {
            context.Line($"No insight stored yet. Compute it with: {Wrap.Keep("recorder analyze " + insight.RunId)}");
            return;
        }

        var currency = insight.Currency ?? "money";
        var s = insight.Shortfall;
        var unknownDelay = s.Orders - s.OrdersWithDelay;
        context.Line();
        context.Line(string.Create(CultureInfo.InvariantCulture,
            $"Implementation shortfall ({currency}; positive = a cost): {s.Orders} order(s), {insight.Orders.Count(o => o.DecisionId is not null)} with a decision mark, {s.CompleteOrders} with every part known"));
        var costs = new TextTable(new TextColumn("Part"), new TextColumn(currency, true), new TextColumn("Known for", true));
        costs.Add("Delay (decision → submission)", Numbers.Display(s.Delay, "money"), Of(s.OrdersWithDelay, s.Orders));
        costs.Add("Execution (reference → fills)", Numbers.Display(s.Execution, "money"), Of(insight.Orders.Count(o => o.Execution.HasValue), s.Orders));
        costs.Add("Fees", Numbers.Display(s.Fees, "money"), Of(s.Orders, s.Orders));
        costs.Add("Opportunity (unfilled)", Numbers.Display(s.Opportunity, "money"), Of(insight.Orders.Count(o => o.Opportunity.HasValue), s.Orders));
        costs.Add("Total of the known parts", Numbers.Display(s.Total, "money"), "");
        context.Table(costs, wide);
        if (unknownDelay > 0)
        {
            context.Line(string.Create(CultureInfo.InvariantCulture,
                $"Delay unknown for {unknownDelay} order(s): no decision mark (RunRecorder.MarkDecision), so the price the strategy saw is not known."));
        }

        context.Line();
        if (insight.Brackets.Count == 0)
        {
            context.Line("Bracket outcomes: no trade had a stop-loss or take-profit linked to it.");
        }
        else
        {
            context.Line("Bracket outcomes (reward ÷ risk in price, risk = entry to initial stop)");
            var table = new TextTable(new TextColumn("Outcome"), new TextColumn("Trades", true), new TextColumn("Stop moved", true, DropOrder: 3),
                new TextColumn("Placed R:R", true, DropOrder: 2), new TextColumn("Got R:R", true), new TextColumn("Mean time", true, DropOrder: 1),
                new TextColumn("Net PnL", true));
            foreach (var b in insight.Brackets)
            {
                table.Add(b.Outcome.ToLowerInvariant(), Count(b.Trades), Count(b.StopMoved), Numbers.Display(b.AveragePlacedRewardRisk),
                    Numbers.Display(b.AverageGotRewardRisk), Duration(b.AverageTimeToOutcomeSeconds), Numbers.Display(b.NetPnl, "money"));
            }

            context.Table(table, wide);
        }

        context.Line();
        context.Line("PnL by the sign of the entry bar's delta (order flow at entry)");
        var split = new TextTable(new TextColumn("Entry delta"), new TextColumn("Trades", true), new TextColumn("Win rate", true),
            new TextColumn("Net PnL", true), new TextColumn("Mean net PnL", true, DropOrder: 1));
        foreach (var d in insight.DeltaSplit)
        {
            split.Add(d.Sign.ToLowerInvariant(), Count(d.Trades), Numbers.Display(d.Trades > 0 ? 100.0 * d.Wins / d.Trades : null, "pct"),
                Numbers.Display(d.NetPnl, "money"), Numbers.Display(d.AverageNetPnl, "money"));
        }

        context.Table(split, wide);

        context.Line();
        if (insight.BuyAndHold.Count > 0)
        {
            context.Line("Buy-and-hold of the recorded bars (benchmark; correlation and beta of the run's daily returns to it)");
            var benchmark = new TextTable(new TextColumn("Symbol"), new TextColumn("Return", true), new TextColumn("Common days", true),
                new TextColumn("Correlation", true), new TextColumn("Beta", true));
            foreach (var b in insight.BuyAndHold)
            {
                benchmark.Add(b.Symbol, Numbers.Display(b.ReturnPct, "pct"), Count(b.CommonDays), Numbers.Display(b.Correlation), Numbers.Display(b.Beta));
            }

            context.Table(benchmark, wide);
            context.Line();
        }

        if (insight.WalkForward is not { } wf)
        {
            context.Line("Walk-forward: the instance has no backtest followed by a live or paper run.");
            return;
        }

        context.Line("Walk-forward of the instance (annualised returns; WFE = out-of-sample ÷ in-sample)");
        // Left out to fit: the reason a segment has no figure; then free text is cut (docs/cli.md).
        var segments = new TextTable(new TextColumn("Segment"), new TextColumn("In-sample runs", true, ShortHeader: "IS runs"),
            new TextColumn("Out-of-sample runs", true, ShortHeader: "OOS runs"), new TextColumn("IS annualised", true, ShortHeader: "IS ann."),
            new TextColumn("OOS annualised", true, ShortHeader: "OOS ann."), new TextColumn("WFE", true), new TextColumn("Why none", DropOrder: 1, Shrinks: true));
        var n = 0;
        foreach (var segment in wf.Segments.Append(wf.Overall))
        {
            var label = ++n <= wf.Segments.Count ? n.ToString(CultureInfo.InvariantCulture) : "overall";
            segments.Add(label, Count(segment.InSampleRuns.Count), Count(segment.OutOfSampleRuns.Count),
                Numbers.Display(segment.InSampleAnnualised * 100, "pct"), Numbers.Display(segment.OutOfSampleAnnualised * 100, "pct"),
                Numbers.Display(segment.Efficiency), segment.Reason ?? "");
        }

        context.Table(segments, wide);
    }

    private static string Of(int known, int all) => string.Create(CultureInfo.InvariantCulture, $"{known} of {all}");

    private static string Count(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Duration(double? seconds) => seconds is not { } v ? "–"
        : v >= 86400 ? (v / 86400).ToString("0.0", CultureInfo.InvariantCulture) + " d"
        : v >= 3600 ? (v / 3600).ToString("0.0", CultureInfo.InvariantCulture) + " h"
        : (v / 60).ToString("0.0", CultureInfo.InvariantCulture) + " min";
}
