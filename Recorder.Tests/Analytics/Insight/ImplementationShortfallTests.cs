using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Insight;
using static QuantowerRecorder.Tests.Analytics.Insight.Trades;

namespace QuantowerRecorder.Tests.Analytics.Insight;

public sealed class ImplementationShortfallTests
{
    private const double Tol = 1e-9;

    // ES, point value 50. Minute bars 09:00–09:03 closing 100, 101, 102, 103.
    private static readonly RunContext Es = new() { Symbols = new Dictionary<string, SymbolSpec>(StringComparer.Ordinal) { ["ES"] = new() { PointValue = 50 } } };
    private static readonly BarSeries Bars = Closes(0, "ES", 100, 101, 102, 103);

    private static Fill Fill(string order, Side side, double quantity, double price, double minute, double fee) =>
        new($"x-{order}-{minute}", order, "ES", "A", side, quantity, price, fee, At(minute));

    private static IReadOnlyList<OrderShortfall> Run() => ImplementationShortfall.Compute(Input());

    private static ShortfallInput Input()
    {
        var orders = new[]
        {
            // Buy limit 3 at 09:02:00 (market 101, the 09:01 bar's close), 2 filled, cancelled at 09:03:30 (market 102).
            new OrderInfo("o1", "ES", Side.Buy, OrderType.Limit, 3, OrderStatus.Cancelled, At(2)) { LastUpdateUtc = At(3.5) },
            // Sell market 1 at 09:03:00 (market 102), filled, no decision mark.
            new OrderInfo("o2", "ES", Side.Sell, OrderType.Market, 1, OrderStatus.Filled, At(3)),
            // Buy stop 1 at 09:03:20 (market 102), still working at the end (last close 103).
            new OrderInfo("o3", "ES", Side.Buy, OrderType.Stop, 1, OrderStatus.Working, At(3 + (20 / 60.0))),
        };
        var fills = new[]
        {
            Fill("o1", Side.Buy, 1, 101.25, 2.1, 1),
            Fill("o1", Side.Buy, 1, 101.5, 2.2, 1),
            Fill("o2", Side.Sell, 1, 101.75, 3.1, 1),
        };
        var decisions = new Dictionary<string, DecisionMark>(StringComparer.Ordinal)
        {
            ["o1"] = new(At(1.5), 100.5, Side.Buy, 4),
            ["o3"] = new(At(3 + (10 / 60.0)), 102.5, Side.Buy, 1),
        };
        return new ShortfallInput(orders, fills, [Bars], Es, decisions);
    }

    [Test]
    public void Bars_the_runs_analysis_indexed_give_the_same_rows_and_an_index_of_other_bars_is_not_used()
    {
        var input = Input();
        var expected = Rows(ImplementationShortfall.Compute(input));

        // The started analysis of the same bars list: its index is used, and changes nothing.
        var started = RunAnalyzer.Start(new RunInput(input.Fills, input.Orders, input.Bars, Es));
        Assert.That(Rows(ImplementationShortfall.Compute(input with { Indexed = started.Bars })), Is.EqualTo(expected));

        // An index of other bars (every close 10 higher) is not this input's: its own bars price the orders.
        var other = RunAnalyzer.Start(new RunInput(input.Fills, input.Orders, [Closes(0, "ES", 110, 111, 112, 113)], Es));
        Assert.That(Rows(ImplementationShortfall.Compute(input with { Indexed = other.Bars })), Is.EqualTo(expected));
        Assert.That(Rows(ImplementationShortfall.Compute(input with { Bars = other.Bars.Source, Indexed = other.Bars })), Is.Not.EqualTo(expected),
            "the other bars do price differently");
    }

    private static List<string> Rows(IReadOnlyList<OrderShortfall> rows) => rows.Select(r => r.ToString()).ToList();

    [Test]
    public void With_a_decision_mark_the_four_parts_are_known()
    {
        var o1 = Run()[0];

        // Intended 4 (the decision's), filled 2, unfilled 2.
        // Delay = (101 − 100.5) × 2 × 50 = 50; execution = ((101.25 − 101) + (101.5 − 101)) × 50 = 37.5; fees 2;
        // opportunity = (102 − 100.5) × 2 × 50 = 150; total 239.5 = (fills − decision) 87.5 + fees + opportunity.
        Assert.That(o1.OrderId, Is.EqualTo("o1"));
        Assert.That(o1.SubmissionPrice, Is.EqualTo(101));
        Assert.That(o1.EndPrice, Is.EqualTo(102));
        Assert.That(o1.Delay, Is.EqualTo(50).Within(Tol));
        Assert.That(o1.Execution, Is.EqualTo(37.5).Within(Tol));
        Assert.That(o1.Fees, Is.EqualTo(2).Within(Tol));
        Assert.That(o1.Opportunity, Is.EqualTo(150).Within(Tol));
        Assert.That(o1.Total, Is.EqualTo(239.5).Within(Tol));
        Assert.That(o1.Complete, Is.True);
    }

    [Test]
    public void Without_a_decision_mark_the_delay_is_unknown_with_its_reason()
    {
        var o2 = Run()[1];

        // A sell: execution = −(101.75 − 102) × 1 × 50 = 12.5 (received less); fees 1; nothing unfilled, so no end price.
        Assert.That(o2.Delay, Is.Null);
        Assert.That(o2.EndPrice, Is.Null);
        Assert.That(o2.DelayUnknownReason, Is.EqualTo(ImplementationShortfall.NoDecision));
        Assert.That(o2.Execution, Is.EqualTo(12.5).Within(Tol));
        Assert.That(o2.Opportunity, Is.EqualTo(0));
        Assert.That(o2.Total, Is.EqualTo(13.5).Within(Tol));
        Assert.That(o2.Complete, Is.False);
    }

    [Test]
    public void A_working_order_that_never_filled_has_only_opportunity_cost_at_the_last_price()
    {
        var o3 = Run()[2];

        // Nothing filled: delay and execution 0; opportunity = (103 − 102.5) × 1 × 50 = 25.
        Assert.That(o3.Delay, Is.EqualTo(0));
        Assert.That(o3.Execution, Is.EqualTo(0));
        Assert.That(o3.Opportunity, Is.EqualTo(25).Within(Tol));
        Assert.That(o3.AverageFillPrice, Is.Null);
    }

    [Test]
    public void Summary_adds_the_known_parts()
    {
        var s = ShortfallSummary.Of(Run());

        // Delay 50 + 0 (o2 unknown); execution 37.5 + 12.5 + 0; fees 3; opportunity 150 + 0 + 25; total 278.
        Assert.That(s.Orders, Is.EqualTo(3));
        Assert.That(s.OrdersWithDelay, Is.EqualTo(2));
        Assert.That(s.Delay, Is.EqualTo(50).Within(Tol));
        Assert.That(s.Execution, Is.EqualTo(50).Within(Tol));
        Assert.That(s.Fees, Is.EqualTo(3).Within(Tol));
        Assert.That(s.Opportunity, Is.EqualTo(175).Within(Tol));
        Assert.That(s.Total, Is.EqualTo(278).Within(Tol));
        Assert.That(s.CompleteOrders, Is.EqualTo(2));
    }

    [Test]
    public void Before_any_bar_has_ended_execution_and_delay_are_unknown()
    {
        var order = new OrderInfo("o", "ES", Side.Buy, OrderType.Market, 1, OrderStatus.Filled, At(0.5));
        var decision = new Dictionary<string, DecisionMark>(StringComparer.Ordinal) { ["o"] = new(At(0.4), 99, Side.Buy, 1) };

        var row = ImplementationShortfall.Compute(new ShortfallInput([order], [Fill("o", Side.Buy, 1, 100, 0.6, 0)], [Bars], Es, decision)).Single();

        Assert.That(row.Execution, Is.Null);
        Assert.That(row.ExecutionUnknownReason, Is.EqualTo(ImplementationShortfall.NoSubmissionPrice));
        Assert.That(row.Delay, Is.Null);
        Assert.That(row.DelayUnknownReason, Is.EqualTo(ImplementationShortfall.NoSubmissionPrice));
        Assert.That(row.Opportunity, Is.EqualTo(0));
    }

    [Test]
    public void A_decision_mark_for_the_other_side_is_not_used_and_a_missing_point_value_is_flagged()
    {
        var order = new OrderInfo("o", "ES", Side.Sell, OrderType.Market, 1, OrderStatus.Filled, At(2));
        var decision = new Dictionary<string, DecisionMark>(StringComparer.Ordinal) { ["o"] = new(At(1.5), 99, Side.Buy, 5) };

        var row = ImplementationShortfall.Compute(new ShortfallInput([order], [Fill("o", Side.Sell, 1, 100.5, 2.1, 0)], [Bars], new RunContext(), decision)).Single();

        // Point value 1 (assumed): execution = −(100.5 − 101) × 1 = 0.5; the buy mark neither sets the quantity nor the delay.
        Assert.That(row.Delay, Is.Null);
        Assert.That(row.DelayUnknownReason, Is.EqualTo(ImplementationShortfall.OtherSide));
        Assert.That(row.IntendedQuantity, Is.EqualTo(1));
        Assert.That(row.Execution, Is.EqualTo(0.5).Within(Tol));
        Assert.That(row.PointValueAssumed, Is.True);
        Assert.That(Run()[0].PointValueAssumed, Is.False);
    }
}
