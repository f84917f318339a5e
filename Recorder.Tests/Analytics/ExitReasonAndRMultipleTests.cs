using NUnit.Framework;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Tests.Analytics;

public sealed class ExitReasonAndRMultipleTests
{
    private const double Tol = 1e-9;

    private static OrderInfo Order(string id, Side side, OrderType type, double quantity, double submitMinute, OcoRole role = OcoRole.None, string? group = null) =>
        new(id, "ES", side, type, quantity, OrderStatus.Filled, AnalysisScenario.At(submitMinute))
        {
            Account = "A",
            OcoRole = role,
            OcoGroupId = group,
        };

    [Test]
    public void Take_profit_exit_gets_reason_tp_tags_and_r_multiple_from_the_linked_stop()
    {
        var trade = new AnalysisScenario()
            .Order(Order("e1", Side.Buy, OrderType.Market, 2, 0, OcoRole.Entry, "g1") with { ClientTag = "breakout" })
            .Order(Order("sl1", Side.Sell, OrderType.Stop, 2, 0.1, OcoRole.StopLoss, "g1") with { StopPrice = 95, Status = OrderStatus.Cancelled })
            .Order(Order("tp1", Side.Sell, OrderType.Limit, 2, 0.1, OcoRole.TakeProfit, "g1") with { LimitPrice = 110, ClientTag = "target" })
            .Buy(2, 100, 0, "e1").Sell(2, 110, 5, "tp1")
            .Analyze().Trades.Single();

        // Net (110 − 100) × 2 = 20; risk |100 − 95| × 2 = 10; R = 20 / 10 = 2.
        Assert.That(trade.ExitReason, Is.EqualTo(ExitReason.TakeProfit));
        Assert.That(trade.EntryTag, Is.EqualTo("breakout"));
        Assert.That(trade.ExitTag, Is.EqualTo("target"));
        Assert.That(trade.InitialStop, Is.EqualTo(95));
        Assert.That(trade.RMultiple, Is.EqualTo(2).Within(Tol));
    }

    [Test]
    public void Stop_loss_exit_gets_reason_sl_and_a_negative_r_multiple()
    {
        var trade = new AnalysisScenario()
            .Order(Order("e2", Side.Buy, OrderType.Market, 1, 0))
            .Order(Order("sl2", Side.Sell, OrderType.Stop, 1, 0.2, OcoRole.StopLoss) with { StopPrice = 97, ParentOrderId = "e2" })
            .Buy(1, 100, 0, "e2").Sell(1, 96.5, 4, "sl2")
            .Analyze().Trades.Single();

        // Net 96.5 − 100 = −3.5; risk 100 − 97 = 3; R = −3.5 / 3 = −1.1667.
        Assert.That(trade.ExitReason, Is.EqualTo(ExitReason.StopLoss));
        Assert.That(trade.RMultiple, Is.EqualTo(-3.5 / 3).Within(Tol));
    }

    [Test]
    public void Exit_by_an_order_without_a_role_is_other_and_without_a_stop_has_no_r_multiple()
    {
        var trade = new AnalysisScenario()
            .Order(Order("e3", Side.Buy, OrderType.Market, 1, 0))
            .Order(Order("x3", Side.Sell, OrderType.Market, 1, 3, OcoRole.Exit))
            .Buy(1, 100, 0, "e3").Sell(1, 101, 3, "x3")
            .Analyze().Trades.Single();

        Assert.That(trade.ExitReason, Is.EqualTo(ExitReason.Other));
        Assert.That(trade.InitialStop, Is.Null);
        Assert.That(trade.RMultiple, Is.Null);
    }

    [Test]
    public void Unlinked_stop_placed_within_the_grace_after_entry_counts_and_its_first_price_is_used()
    {
        // The stop appears 2 s after the entry fill (as Quantower brackets do) and was later trailed to 101.
        var trade = new AnalysisScenario()
            .Order(Order("sl4", Side.Sell, OrderType.Stop, 1, 2.0 / 60, OcoRole.StopLoss) with { StopPrice = 101, InitialStopPrice = 98 })
            .Buy(1, 100, 0, "e4").Sell(1, 101, 6, "sl4")
            .Analyze().Trades.Single();

        // Risk 100 − 98 = 2; net 1; R = 0.5. Exit by the SL order → StopLoss.
        Assert.That(trade.InitialStop, Is.EqualTo(98));
        Assert.That(trade.RMultiple, Is.EqualTo(0.5).Within(Tol));
        Assert.That(trade.ExitReason, Is.EqualTo(ExitReason.StopLoss));
    }

    [Test]
    public void Stop_on_the_wrong_side_of_the_entry_gives_no_r_multiple()
    {
        var trade = new AnalysisScenario()
            .Order(Order("e5", Side.Buy, OrderType.Market, 1, 0, OcoRole.Entry, "g5"))
            .Order(Order("sl5", Side.Sell, OrderType.Stop, 1, 0, OcoRole.StopLoss, "g5") with { StopPrice = 100.5 })
            .Buy(1, 100, 0, "e5").Sell(1, 100.5, 2, "sl5")
            .Analyze().Trades.Single();

        Assert.That(trade.InitialStop, Is.EqualTo(100.5));
        Assert.That(trade.RMultiple, Is.Null);
    }

    [Test]
    public void Stop_that_finished_before_the_entry_is_not_the_initial_stop()
    {
        var trade = new AnalysisScenario()
            .Order(Order("old", Side.Sell, OrderType.Stop, 1, -10, OcoRole.StopLoss) with { StopPrice = 90, Status = OrderStatus.Cancelled, LastUpdateUtc = AnalysisScenario.At(-5) })
            .Buy(1, 100, 0, "e6").Sell(1, 101, 2, "x6")
            .Analyze().Trades.Single();

        Assert.That(trade.InitialStop, Is.Null);
    }
}
