using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Insight;
using static QuantowerRecorder.Tests.Analytics.Insight.Trades;

namespace QuantowerRecorder.Tests.Analytics.Insight;

/// <summary>
/// Implementation shortfall of bracket legs and stop orders, worked by hand (docs/metrics.md, "Implementation
/// shortfall": execution reference, unfilled quantity that is not an opportunity).
/// </summary>
public sealed class ShortfallBracketLegsTests
{
    private const double Tol = 1e-9;

    // ES, point value 50. Minute bars 09:00–09:03 closing 100, 101, 102, 103 (bar n ends at minute n + 1).
    private static readonly RunContext Es = new() { Symbols = new Dictionary<string, SymbolSpec>(StringComparer.Ordinal) { ["ES"] = new() { PointValue = 50 } } };
    private static readonly BarSeries Bars = Closes(0, "ES", 100, 101, 102, 103);
    private static readonly Dictionary<string, DecisionMark> NoMarks = new(StringComparer.Ordinal);

    private static Fill Fill(string order, Side side, double quantity, double price, double minute, double fee = 0) =>
        new($"x-{order}-{minute}", order, "ES", "A", side, quantity, price, fee, At(minute));

    private static OrderInfo Order(string id, Side side, OrderType type, double quantity, OrderStatus status, double submitted) =>
        new(id, "ES", side, type, quantity, status, At(submitted)) { Account = "A" };

    private static Dictionary<string, OrderShortfall> Compute(IReadOnlyList<OrderInfo> orders, IReadOnlyList<Fill> fills, IReadOnlyList<RoundTrip>? trades = null) =>
        ImplementationShortfall.Compute(new ShortfallInput(orders, fills, [Bars], Es, NoMarks) { Trades = trades ?? [] })
            .ToDictionary(o => o.OrderId, StringComparer.Ordinal);

    /// <summary>
    /// A long bracket in group G: entry E buys 2 at 09:01:30 (market 100); stop S sells 2 at stop 99 and target T sells
    /// 2 at limit 102.5, both placed at 09:01:42 (market 100). T fills 2 at 102.75 at 09:03:12; the platform cancels S
    /// then (market 102, the 09:02 bar's close).
    /// </summary>
    private static Dictionary<string, OrderShortfall> TargetFills() => Compute(
        [
            Order("E", Side.Buy, OrderType.Market, 2, OrderStatus.Filled, 1.5) with { OcoGroupId = "G", OcoRole = OcoRole.Entry },
            Order("S", Side.Sell, OrderType.Stop, 2, OrderStatus.Cancelled, 1.7) with
            {
                StopPrice = 99, OcoGroupId = "G", OcoRole = OcoRole.StopLoss, ParentOrderId = "E", LastUpdateUtc = At(3.2),
            },
            Order("T", Side.Sell, OrderType.Limit, 2, OrderStatus.Filled, 1.7) with
            {
                LimitPrice = 102.5, OcoGroupId = "G", OcoRole = OcoRole.TakeProfit, ParentOrderId = "E", LastUpdateUtc = At(3.2),
            },
        ],
        [Fill("E", Side.Buy, 2, 100.25, 1.6, 1), Fill("T", Side.Sell, 2, 102.75, 3.2, 1)]);

    [Test]
    public void Oco_pair_whose_target_fills_leaves_the_cancelled_stop_without_opportunity_cost()
    {
        var s = TargetFills()["S"];

        // Before: −1 × (102 at its cancel − 100 at submission) × 2 unfilled × 50 = −200, a "gain" of a stop that was
        // never meant to fill once its target had. Now 0, known, with the rule that excluded it.
        Assert.That(s.Opportunity, Is.EqualTo(0));
        Assert.That(s.OpportunityExcluded, Is.EqualTo(ImplementationShortfall.OcoCancelled));
        Assert.That(s.OpportunityUnknownReason, Is.Null);
        Assert.That(s.Execution, Is.EqualTo(0), "nothing filled");
        Assert.That(s.Total, Is.EqualTo(0));
    }

    [Test]
    public void A_take_profit_fill_is_measured_from_its_limit_price_and_the_entry_from_the_market()
    {
        var rows = TargetFills();

        // T: −1 × (102.75 − 102.5) × 2 × 50 = −25, the improvement past its limit (not −275 from the market's 100).
        Assert.That(rows["T"].ExecutionReference, Is.EqualTo(102.5));
        Assert.That(rows["T"].SubmissionPrice, Is.EqualTo(100));
        Assert.That(rows["T"].Execution, Is.EqualTo(-25).Within(Tol));
        Assert.That(rows["T"].OpportunityExcluded, Is.Null, "nothing unfilled");
        // E, a market entry: (100.25 − 100) × 2 × 50 = 25; its fill does not cancel its own legs.
        Assert.That(rows["E"].ExecutionReference, Is.EqualTo(100));
        Assert.That(rows["E"].Execution, Is.EqualTo(25).Within(Tol));
    }

    [Test]
    public void A_filled_entry_alone_does_not_cancel_its_legs_while_the_position_is_open()
    {
        var rows = Compute(
            [
                Order("E", Side.Buy, OrderType.Market, 2, OrderStatus.Filled, 1.5) with { OcoGroupId = "G", OcoRole = OcoRole.Entry },
                Order("S", Side.Sell, OrderType.Stop, 2, OrderStatus.Working, 1.7) with { StopPrice = 99, OcoGroupId = "G", OcoRole = OcoRole.StopLoss, ParentOrderId = "E" },
            ],
            [Fill("E", Side.Buy, 2, 100.25, 1.6)]);

        // Still working at the end, position open: valued as before, −1 × (103 − 100) × 2 × 50 = −300.
        Assert.That(rows["S"].OpportunityExcluded, Is.Null);
        Assert.That(rows["S"].Opportunity, Is.EqualTo(-300).Within(Tol));
    }

    [Test]
    public void Legs_cancelled_just_before_a_reversal_closed_their_position_are_not_an_opportunity()
    {
        // Long 1 from E1 (09:01:30) with stop S1 and target T1 (group G1). At 09:02:30 the strategy cancels them and
        // reverses with R (sell 2, filled 09:02:36), which opens a short with its own bracket S2/T2, still working at the end.
        var orders = new[]
        {
            Order("E1", Side.Buy, OrderType.Market, 1, OrderStatus.Filled, 1.5) with { OcoGroupId = "G1", OcoRole = OcoRole.Entry },
            Order("S1", Side.Sell, OrderType.Stop, 1, OrderStatus.Cancelled, 1.7) with { StopPrice = 99, OcoGroupId = "G1", OcoRole = OcoRole.StopLoss, ParentOrderId = "E1", LastUpdateUtc = At(2.5) },
            Order("T1", Side.Sell, OrderType.Limit, 1, OrderStatus.Cancelled, 1.7) with { LimitPrice = 104, OcoGroupId = "G1", OcoRole = OcoRole.TakeProfit, ParentOrderId = "E1", LastUpdateUtc = At(2.5) },
            Order("R", Side.Sell, OrderType.Market, 2, OrderStatus.Filled, 2.5) with { OcoGroupId = "G2", OcoRole = OcoRole.Entry },
            Order("S2", Side.Buy, OrderType.Stop, 1, OrderStatus.Working, 2.7) with { StopPrice = 104, OcoGroupId = "G2", OcoRole = OcoRole.StopLoss, ParentOrderId = "R" },
            Order("T2", Side.Buy, OrderType.Limit, 1, OrderStatus.Working, 2.7) with { LimitPrice = 99, OcoGroupId = "G2", OcoRole = OcoRole.TakeProfit, ParentOrderId = "R" },
        };
        var fills = new[] { Fill("E1", Side.Buy, 1, 100, 1.6), Fill("R", Side.Sell, 2, 101, 2.6) };
        var closed = Make(TradeSide.Long, 1, 1.6, 100, 2.6, 101, pointValue: 50) with { EntryOrderIds = ["E1"], ExitOrderIds = ["R"] };

        var rows = Compute(orders, fills, [closed]);

        Assert.That(rows["S1"].OpportunityExcluded, Is.EqualTo(ImplementationShortfall.PositionClosed));
        Assert.That(rows["T1"].OpportunityExcluded, Is.EqualTo(ImplementationShortfall.PositionClosed));
        Assert.That(rows["S1"].Opportunity, Is.EqualTo(0));
        Assert.That(rows["T1"].Opportunity, Is.EqualTo(0));
        // R is the closed trade's exit but the entry of an open one: its legs still protect a position.
        // S2: +1 × (103 − 101 at 09:02:42) × 1 × 50 = 100; T2 the same.
        Assert.That(rows["S2"].OpportunityExcluded, Is.Null);
        Assert.That(rows["S2"].Opportunity, Is.EqualTo(100).Within(Tol));
        Assert.That(rows["T2"].Opportunity, Is.EqualTo(100).Within(Tol));
        // Without the round trips the rule has nothing to go on: S1 is valued, −1 × (101 at its cancel − 100) × 1 × 50 = −50.
        Assert.That(Compute(orders, fills)["S1"].Opportunity, Is.EqualTo(-50).Within(Tol));
    }

    [Test]
    public void In_an_oco_breakout_the_side_that_did_not_fill_is_not_an_opportunity_but_a_partial_entry_is()
    {
        // Two entries without roles in one OCO group: a buy stop at 101.5 fills; the sell stop at 98 is cancelled.
        // A bracket entry E (limit, 2 ordered, 1 filled) whose stop filled keeps its own unfilled part as an opportunity.
        var rows = Compute(
            [
                Order("B", Side.Buy, OrderType.Stop, 1, OrderStatus.Filled, 1.5) with { StopPrice = 101.5, OcoGroupId = "O" },
                Order("D", Side.Sell, OrderType.Stop, 1, OrderStatus.Cancelled, 1.5) with { StopPrice = 98, OcoGroupId = "O", LastUpdateUtc = At(2.5) },
                Order("E", Side.Buy, OrderType.Limit, 2, OrderStatus.Cancelled, 1.5) with { LimitPrice = 100, OcoGroupId = "G", OcoRole = OcoRole.Entry, LastUpdateUtc = At(3.5) },
                Order("S", Side.Sell, OrderType.Stop, 1, OrderStatus.Filled, 1.7) with { StopPrice = 99, OcoGroupId = "G", OcoRole = OcoRole.StopLoss, ParentOrderId = "E" },
            ],
            [Fill("B", Side.Buy, 1, 101.5, 2.2), Fill("E", Side.Buy, 1, 100, 1.6), Fill("S", Side.Sell, 1, 99, 3.2)]);

        Assert.That(rows["D"].OpportunityExcluded, Is.EqualTo(ImplementationShortfall.OcoCancelled));
        Assert.That(rows["D"].Opportunity, Is.EqualTo(0));
        // E: 1 unfilled, +1 × (102 at its cancel − 100 at submission) × 1 × 50 = 100.
        Assert.That(rows["E"].OpportunityExcluded, Is.Null);
        Assert.That(rows["E"].Opportunity, Is.EqualTo(100).Within(Tol));
    }

    [Test]
    public void A_stop_that_triggers_costs_its_slippage_past_the_stop_price()
    {
        // Buy stop 2 at 102.5 placed at 09:01:30 (market 100); fills 1 at 102.75 and 1 at 103 at 09:03:30.
        var rows = Compute(
            [Order("S", Side.Buy, OrderType.Stop, 2, OrderStatus.Filled, 1.5) with { StopPrice = 102.5 }],
            [Fill("S", Side.Buy, 1, 102.75, 3.5, 1), Fill("S", Side.Buy, 1, 103, 3.5, 1)]);

        // (102.75 − 102.5) × 1 × 50 + (103 − 102.5) × 1 × 50 = 12.5 + 25 = 37.5 (not 287.5 from the market's 100).
        var s = rows["S"];
        Assert.That(s.SubmissionPrice, Is.EqualTo(100));
        Assert.That(s.ExecutionReference, Is.EqualTo(102.5));
        Assert.That(s.Execution, Is.EqualTo(37.5).Within(Tol));
        Assert.That(s.Total, Is.EqualTo(39.5).Within(Tol), "+ fees 2; delay unknown without a decision mark");
    }

    [Test]
    public void A_stop_limit_is_measured_from_its_trigger_not_its_limit()
    {
        // Sell stop-limit 1, trigger 101, limit 100.5, placed at 09:03:10 (market 102); fills at 100.75.
        var rows = Compute(
            [Order("L", Side.Sell, OrderType.StopLimit, 1, OrderStatus.Filled, 3.17) with { StopPrice = 101, LimitPrice = 100.5 }],
            [Fill("L", Side.Sell, 1, 100.75, 3.5)]);

        // −1 × (100.75 − 101) × 1 × 50 = 12.5 received less than the trigger.
        Assert.That(rows["L"].ExecutionReference, Is.EqualTo(101));
        Assert.That(rows["L"].Execution, Is.EqualTo(12.5).Within(Tol));
    }

    [Test]
    public void A_filled_stop_without_a_stop_price_has_its_execution_unknown_with_the_reason_never_the_market()
    {
        var rows = Compute(
            [
                Order("S", Side.Sell, OrderType.Stop, 1, OrderStatus.Filled, 1.5),
                Order("W", Side.Sell, OrderType.Stop, 1, OrderStatus.Working, 1.5),
                Order("T", Side.Sell, OrderType.Limit, 1, OrderStatus.Filled, 1.5) with { OcoRole = OcoRole.TakeProfit },
            ],
            [Fill("S", Side.Sell, 1, 98.5, 2.5, 1), Fill("T", Side.Sell, 1, 102.5, 3.5)]);

        Assert.That(rows["S"].Execution, Is.Null);
        Assert.That(rows["S"].ExecutionUnknownReason, Is.EqualTo(ImplementationShortfall.NoStopPrice));
        Assert.That(rows["S"].ExecutionReference, Is.Null);
        Assert.That(rows["S"].Complete, Is.False);
        Assert.That(rows["S"].Total, Is.EqualTo(1), "the known parts: fees 1, nothing unfilled");
        Assert.That(rows["W"].Execution, Is.EqualTo(0), "nothing filled, nothing executed");
        Assert.That(rows["T"].Execution, Is.Null);
        Assert.That(rows["T"].ExecutionUnknownReason, Is.EqualTo(ImplementationShortfall.NoLimitPrice));
    }
}
