using NUnit.Framework;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Tests.Analytics;

public sealed class ExecutionQualityTests
{
    private const double Tol = 1e-9;

    private static OrderInfo Order(string id, Side side, OrderType type, double quantity, DateTime submit, OrderStatus status = OrderStatus.Filled) =>
        new(id, "ES", side, type, quantity, status, submit) { Account = "A" };

    // Tick 0.25 and point value 50: one tick is worth 12.5 per contract.
    private static RunAnalysis FiveOrders()
    {
        var t = AnalysisScenario.T0;
        return new AnalysisScenario { Context = new RunContext { TickSize = 0.25, PointValue = 50 } }
            .Order(Order("L1", Side.Buy, OrderType.Limit, 2, t) with { LimitPrice = 100 })
            .Order(Order("S1", Side.Sell, OrderType.Stop, 1, t) with { StopPrice = 95 })
            .Order(Order("M1", Side.Buy, OrderType.Market, 1, t.AddMinutes(2.5)))
            .Order(Order("P1", Side.Sell, OrderType.Limit, 4, t.AddMinutes(3), OrderStatus.Cancelled) with { LimitPrice = 105 })
            .Order(Order("R1", Side.Buy, OrderType.Market, 1, t.AddMinutes(4), OrderStatus.Rejected))
            .Add(Side.Buy, 2, 99.75, t.AddMilliseconds(100), "L1")
            .Add(Side.Sell, 1, 94.5, t.AddMilliseconds(200), "S1")
            .Add(Side.Buy, 1, 101.5, t.AddMinutes(2.5).AddMilliseconds(300), "M1")
            .Add(Side.Sell, 1, 105, t.AddMinutes(3).AddMilliseconds(1000), "P1")
            .Bars(0, (100, 99, 100), (101, 100, 101), (102, 101, 102))
            .Analyze();
    }

    [Test]
    public void Limit_fill_better_than_its_limit_has_negative_slippage()
    {
        var row = FiveOrders().Orders.Single(o => o.OrderId == "L1");

        // Buy at 99.75 against limit 100: (99.75 − 100) × +1 = −0.25 = −1 tick; −1 × 12.5 × 2 = −25.
        Assert.That(row.ReferencePrice, Is.EqualTo(100));
        Assert.That(row.SlippagePrice, Is.EqualTo(-0.25).Within(Tol));
        Assert.That(row.SlippageTicks, Is.EqualTo(-1).Within(Tol));
        Assert.That(row.SlippageMoney, Is.EqualTo(-25).Within(Tol));
    }

    [Test]
    public void Sell_stop_filled_below_its_stop_has_positive_slippage()
    {
        var row = FiveOrders().Orders.Single(o => o.OrderId == "S1");

        // Sell at 94.5 against stop 95: (94.5 − 95) × −1 = +0.5 = +2 ticks; 2 × 12.5 × 1 = 25.
        Assert.That(row.SlippageTicks, Is.EqualTo(2).Within(Tol));
        Assert.That(row.SlippageMoney, Is.EqualTo(25).Within(Tol));
    }

    [Test]
    public void Market_order_is_measured_against_the_last_bar_closed_before_submission()
    {
        var row = FiveOrders().Orders.Single(o => o.OrderId == "M1");

        // Submitted 09:02:30: the 09:01 bar (ended 09:02, close 101) is the last closed; the 09:02 bar is still open.
        // Buy at 101.5: +0.5 = +2 ticks.
        Assert.That(row.ReferencePrice, Is.EqualTo(101));
        Assert.That(row.SlippageTicks, Is.EqualTo(2).Within(Tol));
    }

    [Test]
    public void Run_level_slippage_is_quantity_weighted_over_fills()
    {
        var a = FiveOrders();

        // Ticks × quantity: L1 −1 × 2, S1 2 × 1, M1 2 × 1, P1 0 × 1 → 2 / 5 = 0.4 ticks.
        // Price: (−0.25 × 2 + 0.5 + 0.5 + 0) / 5 = 0.1. Money: −25 + 25 + 25 + 0 = 25.
        Assert.That(a.Value(MetricKeys.SlippageAvgTicks), Is.EqualTo(0.4).Within(Tol));
        Assert.That(a.Value(MetricKeys.SlippageAvgPrice), Is.EqualTo(0.1).Within(Tol));
        Assert.That(a.Value(MetricKeys.SlippageTotal), Is.EqualTo(25).Within(Tol));
        Assert.That(a.Value(MetricKeys.SlippageMarketAvgTicks), Is.EqualTo(2).Within(Tol));
        Assert.That(a.Value(MetricKeys.SlippageLimitAvgTicks), Is.EqualTo(-2.0 / 3).Within(Tol));
        Assert.That(a.Value(MetricKeys.SlippageStopAvgTicks), Is.EqualTo(2).Within(Tol));
        Assert.That(a.FillSlippage, Has.Count.EqualTo(4));
    }

    [Test]
    public void Fill_ratio_cancel_and_reject_rates()
    {
        var a = FiveOrders();

        // Fill ratios 1, 1, 1, 1/4, 0 → mean 0.65 = 65 %. One cancelled and one rejected of five: 20 % each.
        Assert.That(a.Orders.Single(o => o.OrderId == "P1").FillRatio, Is.EqualTo(0.25).Within(Tol));
        Assert.That(a.Value(MetricKeys.FillRatioAvg), Is.EqualTo(65).Within(Tol));
        Assert.That(a.Value(MetricKeys.CancelRate), Is.EqualTo(20).Within(Tol));
        Assert.That(a.Value(MetricKeys.RejectRate), Is.EqualTo(20).Within(Tol));
        Assert.That(a.Value(MetricKeys.OrderCount), Is.EqualTo(5));
    }

    [Test]
    public void Latency_is_for_orders_that_could_fill_at_once_and_resting_orders_get_a_time_to_fill()
    {
        var a = FiveOrders();
        var rows = a.Orders.ToDictionary(o => o.OrderId);

        // M1 is a market order: latency 300 ms. P1 (sell limit 105, last close before it 102) rests: 1000 ms to fill,
        // no latency. L1 and S1 were submitted before any bar had closed: not known to be marketable, so resting too.
        Assert.That(rows["M1"].Marketable, Is.True);
        Assert.That(rows["M1"].LatencyFirstFillMs, Is.EqualTo(300).Within(Tol));
        Assert.That(rows["M1"].TimeToFillMs, Is.Null);
        Assert.That(rows["P1"].Marketable, Is.False);
        Assert.That(rows["P1"].LatencyFirstFillMs, Is.Null);
        Assert.That(rows["P1"].TimeToFillMs, Is.EqualTo(1000).Within(Tol));
        Assert.That(rows["L1"].Marketable, Is.Null);
        Assert.That(rows["L1"].TimeToFillMs, Is.EqualTo(100).Within(Tol));
        Assert.That(a.Value(MetricKeys.LatencyFirstFillP95), Is.EqualTo(300).Within(Tol));
        // Time to fill of resting orders: 100, 200, 1000 → p50 200.
        Assert.That(a.Value(MetricKeys.TimeToFillP50), Is.EqualTo(200).Within(Tol));
    }

    [Test]
    public void Latency_percentiles_interpolate_between_orders()
    {
        var t = AnalysisScenario.T0;
        var scenario = new AnalysisScenario();
        var delays = new[] { 100, 200, 300, 1000 };
        for (var i = 0; i < delays.Length; i++)
        {
            var submit = t.AddMinutes(i);
            scenario.Order(Order("M" + i, Side.Buy, OrderType.Market, 1, submit))
                .Add(Side.Buy, 1, 100, submit.AddMilliseconds(delays[i]), "M" + i);
        }

        var a = scenario.Analyze();

        // First fill: 100, 200, 300, 1000 ms. p50: h = 3 × 0.5 = 1.5 → 200 + 0.5 × 100 = 250;
        // p95: h = 2.85 → 300 + 0.85 × 700 = 895.
        Assert.That(a.Value(MetricKeys.LatencyFirstFillP50), Is.EqualTo(250).Within(Tol));
        Assert.That(a.Value(MetricKeys.LatencyFirstFillP95), Is.EqualTo(895).Within(Tol));
        Assert.That(a.Value(MetricKeys.LatencyFullFillP50), Is.EqualTo(250).Within(Tol));
    }

    [Test]
    public void Buy_limit_above_the_last_close_and_buy_stop_below_it_are_marketable_the_others_rest()
    {
        var t = AnalysisScenario.T0.AddMinutes(1);
        var a = new AnalysisScenario()
            .Order(Order("LB", Side.Buy, OrderType.Limit, 1, t) with { LimitPrice = 101 })
            .Order(Order("LR", Side.Buy, OrderType.Limit, 1, t) with { LimitPrice = 99 })
            .Order(Order("SB", Side.Buy, OrderType.Stop, 1, t) with { StopPrice = 99 })
            .Order(Order("SR", Side.Sell, OrderType.Stop, 1, t) with { StopPrice = 99 })
            .Bars(0, (100.5, 99.5, 100))
            .Analyze();
        var rows = a.Orders.ToDictionary(o => o.OrderId, o => o.Marketable);

        Assert.That(rows, Is.EqualTo(new Dictionary<string, bool?> { ["LB"] = true, ["LR"] = false, ["SB"] = true, ["SR"] = false }));
    }

    [Test]
    public void Marketability_is_decided_by_the_prices_an_order_was_first_recorded_with_not_where_it_was_moved()
    {
        var t = AnalysisScenario.T0.AddMinutes(1);
        // The last close before submission is 100. A buy stop submitted at 101 rests; trailed to 99 later it would look
        // marketable, and its 2 h 20 min wait for the price would count as latency.
        var a = new AnalysisScenario()
            .Order(Order("TRAILED", Side.Buy, OrderType.Stop, 1, t) with { StopPrice = 99, InitialStopPrice = 101 })
            .Order(Order("CHASED", Side.Buy, OrderType.Limit, 1, t, OrderStatus.Cancelled) with { LimitPrice = 101, InitialLimitPrice = 99 })
            .Order(Order("PULLED", Side.Buy, OrderType.Limit, 1, t, OrderStatus.Cancelled) with { LimitPrice = 99, InitialLimitPrice = 101 })
            .Add(Side.Buy, 1, 101, t.AddMinutes(140), "TRAILED")
            .Bars(0, (100.5, 99.5, 100))
            .Analyze();
        var rows = a.Orders.ToDictionary(o => o.OrderId);

        Assert.That(rows.ToDictionary(r => r.Key, r => r.Value.Marketable),
            Is.EqualTo(new Dictionary<string, bool?> { ["TRAILED"] = false, ["CHASED"] = false, ["PULLED"] = true }));
        Assert.That(rows["TRAILED"].LatencyFirstFillMs, Is.Null);
        Assert.That(rows["TRAILED"].TimeToFillMs, Is.EqualTo(TimeSpan.FromMinutes(140).TotalMilliseconds).Within(Tol));
        Assert.That(a.Value(MetricKeys.LatencyFirstFillP50), Is.Null, "no marketable order was filled");
    }

    [Test]
    public void Overfilled_order_has_a_fill_ratio_of_one_and_says_how_much_was_over()
    {
        var t = AnalysisScenario.T0;
        var a = new AnalysisScenario()
            .Order(Order("O", Side.Buy, OrderType.Market, 1, t))
            .Add(Side.Buy, 1, 100, t.AddMilliseconds(10), "O")
            .Add(Side.Buy, 1, 100, t.AddMilliseconds(20), "O")
            .Analyze();
        var row = a.Orders.Single();

        Assert.That(row.FillRatio, Is.EqualTo(1));
        Assert.That(row.OverfilledQuantity, Is.EqualTo(1));
        Assert.That(a.Value(MetricKeys.FillRatioAvg), Is.EqualTo(100));
        Assert.That(a.Value(MetricKeys.OverfilledOrders), Is.EqualTo(1));
        Assert.That(a.Notes.Select(n => n.Key), Does.Contain(MetricKeys.OverfilledOrders));
    }

    [Test]
    public void Full_fill_latency_is_taken_at_the_fill_that_completes_the_quantity()
    {
        var t = AnalysisScenario.T0;
        // The bar before submission closed at 99.5: a buy limit at 100 could fill at once.
        var row = new AnalysisScenario()
            .Order(Order("L2", Side.Buy, OrderType.Limit, 2, t) with { LimitPrice = 100 })
            .Add(Side.Buy, 1, 100, t.AddMilliseconds(100), "L2")
            .Add(Side.Buy, 1, 99.5, t.AddMilliseconds(500), "L2")
            .Bars(-1, (100, 99, 99.5))
            .Analyze().Orders.Single();

        Assert.That(row.Marketable, Is.True);
        Assert.That(row.LatencyFirstFillMs, Is.EqualTo(100).Within(Tol));
        Assert.That(row.LatencyFullFillMs, Is.EqualTo(500).Within(Tol));
        Assert.That(row.AverageFillPrice, Is.EqualTo(99.75).Within(Tol));
        // No tick size known: ticks are null, price and money are still given (−0.25 average; −0.5 × 1 money).
        Assert.That(row.SlippageTicks, Is.Null);
        Assert.That(row.SlippagePrice, Is.EqualTo(-0.25).Within(Tol));
        Assert.That(row.SlippageMoney, Is.EqualTo(-0.5).Within(Tol));
    }

    [Test]
    public void Market_order_without_bars_has_no_reference_price()
    {
        var t = AnalysisScenario.T0;
        var a = new AnalysisScenario()
            .Order(Order("M2", Side.Buy, OrderType.Market, 1, t))
            .Add(Side.Buy, 1, 100, t, "M2")
            .Analyze();

        Assert.That(a.Orders.Single().ReferencePrice, Is.Null);
        Assert.That(a.FillSlippage, Is.Empty);
        Assert.That(a.Value(MetricKeys.SlippageAvgTicks), Is.Null);
    }
}
