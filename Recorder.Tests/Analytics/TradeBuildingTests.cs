using NUnit.Framework;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Tests.Analytics;

public sealed class TradeBuildingTests
{
    private const double Tol = 1e-9;

    // Buy 1 @100 (o1), buy 1 @110 (o2), sell 1 @120 (o3), sell 1 @105 (o4).
    private static AnalysisScenario ScaleInScaleOut() => new AnalysisScenario()
        .Buy(1, 100, 0, "o1").Buy(1, 110, 1, "o2").Sell(1, 120, 2, "o3").Sell(1, 105, 3, "o4");

    [Test]
    public void Fifo_scale_in_scale_out_closes_the_oldest_lot_first()
    {
        var trades = ScaleInScaleOut().Analyze(LotMatching.Fifo).Trades;

        // o1 100 → o3 120 = +20; o2 110 → o4 105 = −5.
        Assert.That(trades, Has.Count.EqualTo(2));
        Assert.That(trades[0].EntryOrderIds, Is.EqualTo(new[] { "o1" }));
        Assert.That(trades[0].ExitOrderIds, Is.EqualTo(new[] { "o3" }));
        Assert.That(trades[0].GrossPnl, Is.EqualTo(20).Within(Tol));
        Assert.That(trades[1].EntryPrice, Is.EqualTo(110).Within(Tol));
        Assert.That(trades[1].ExitPrice, Is.EqualTo(105).Within(Tol));
        Assert.That(trades[1].GrossPnl, Is.EqualTo(-5).Within(Tol));
    }

    [Test]
    public void Lifo_scale_in_scale_out_closes_the_newest_lot_first_and_gives_different_trades()
    {
        var trades = ScaleInScaleOut().Analyze(LotMatching.Lifo).Trades;

        // o2 110 → o3 120 = +10 (closes first); o1 100 → o4 105 = +5. Same total (+15) as FIFO, different trades.
        Assert.That(trades, Has.Count.EqualTo(2));
        Assert.That(trades[0].EntryOrderIds, Is.EqualTo(new[] { "o2" }));
        Assert.That(trades[0].GrossPnl, Is.EqualTo(10).Within(Tol));
        Assert.That(trades[1].EntryOrderIds, Is.EqualTo(new[] { "o1" }));
        Assert.That(trades[1].EntryTimeUtc, Is.EqualTo(AnalysisScenario.At(0)));
        Assert.That(trades[1].GrossPnl, Is.EqualTo(5).Within(Tol));
        Assert.That(trades.Sum(t => t.GrossPnl), Is.EqualTo(15).Within(Tol));
    }

    [Test]
    public void Flat_to_flat_makes_one_trade_at_average_prices()
    {
        var trades = ScaleInScaleOut().Analyze(LotMatching.FlatToFlat).Trades;

        // Entry (100 + 110) / 2 = 105, exit (120 + 105) / 2 = 112.5, quantity 2: (112.5 − 105) × 2 = 15.
        Assert.That(trades, Has.Count.EqualTo(1));
        var trade = trades[0];
        Assert.That(trade.Quantity, Is.EqualTo(2));
        Assert.That(trade.EntryPrice, Is.EqualTo(105).Within(Tol));
        Assert.That(trade.ExitPrice, Is.EqualTo(112.5).Within(Tol));
        Assert.That(trade.GrossPnl, Is.EqualTo(15).Within(Tol));
        Assert.That(trade.EntryOrderIds, Is.EqualTo(new[] { "o1", "o2" }));
        Assert.That(trade.ExitOrderIds, Is.EqualTo(new[] { "o3", "o4" }));
        Assert.That(trade.HoldingTime, Is.EqualTo(TimeSpan.FromMinutes(3)));
    }

    [Test]
    public void Partial_fills_of_one_entry_order_and_one_exit_order_form_one_trade()
    {
        var trades = new AnalysisScenario()
            .Buy(1, 100, 0, "o1").Buy(2, 101, 1, "o1")
            .Sell(2, 105, 2, "o2").Sell(1, 104, 3, "o2")
            .Analyze().Trades;

        // Entry (100 + 2 × 101) / 3 = 100.6667; exit (2 × 105 + 104) / 3 = 104.6667; gross 314 − 302 = 12.
        Assert.That(trades, Has.Count.EqualTo(1));
        Assert.That(trades[0].Quantity, Is.EqualTo(3));
        Assert.That(trades[0].EntryPrice, Is.EqualTo(302.0 / 3).Within(Tol));
        Assert.That(trades[0].ExitPrice, Is.EqualTo(314.0 / 3).Within(Tol));
        Assert.That(trades[0].GrossPnl, Is.EqualTo(12).Within(Tol));
        Assert.That(trades[0].ExitTimeUtc, Is.EqualTo(AnalysisScenario.At(3)));
    }

    [Test]
    public void Reversal_in_one_fill_closes_the_trade_and_opens_the_next_with_the_remainder_and_splits_the_fee()
    {
        var analysis = new AnalysisScenario()
            .Buy(2, 100, 0, "o1", fee: 2)
            .Sell(5, 110, 1, "o2", fee: 5)
            .Buy(3, 105, 2, "o3", fee: 3)
            .Analyze();
        var trades = analysis.Trades;

        // The sell of 5 closes 2 (fee 5 × 2/5 = 2) and opens a short of 3 (fee 5 × 3/5 = 3).
        // Long: (110 − 100) × 2 = 20, fees 2 + 2 = 4, net 16, PnL % = 16 / (100 × 2) = 8 %.
        // Short: (110 − 105) × 3 = 15, fees 3 + 3 = 6, net 9, PnL % = 9 / (110 × 3) = 2.7273 %.
        Assert.That(trades, Has.Count.EqualTo(2));
        Assert.That(trades[0].Side, Is.EqualTo(TradeSide.Long));
        Assert.That(trades[0].Fees, Is.EqualTo(4).Within(Tol));
        Assert.That(trades[0].NetPnl, Is.EqualTo(16).Within(Tol));
        Assert.That(trades[0].PnlPct, Is.EqualTo(8).Within(Tol));
        Assert.That(trades[1].Side, Is.EqualTo(TradeSide.Short));
        Assert.That(trades[1].Quantity, Is.EqualTo(3));
        Assert.That(trades[1].EntryPrice, Is.EqualTo(110));
        Assert.That(trades[1].EntryTimeUtc, Is.EqualTo(AnalysisScenario.At(1)));
        Assert.That(trades[1].GrossPnl, Is.EqualTo(15).Within(Tol));
        Assert.That(trades[1].Fees, Is.EqualTo(6).Within(Tol));
        Assert.That(trades[1].NetPnl, Is.EqualTo(9).Within(Tol));
        Assert.That(trades[1].PnlPct, Is.EqualTo(900.0 / 330).Within(Tol));
        Assert.That(analysis.Value(MetricKeys.TotalFees), Is.EqualTo(10).Within(Tol));
        Assert.That(analysis.Value(MetricKeys.NetPnl), Is.EqualTo(25).Within(Tol));
    }

    [Test]
    public void Scale_out_fee_stays_with_the_trade_it_belongs_to()
    {
        var trades = new AnalysisScenario()
            .Buy(2, 100, 0, "o1", fee: 4)
            .Sell(1, 103, 1, "o2", fee: 1)
            .Sell(1, 106, 2, "o3", fee: 1)
            .Analyze().Trades;

        // One lot of 2: gross (103 − 100) + (106 − 100) = 9; fees 4 + 1 + 1 = 6; net 3; exit average 104.5.
        Assert.That(trades, Has.Count.EqualTo(1));
        Assert.That(trades[0].ExitPrice, Is.EqualTo(104.5).Within(Tol));
        Assert.That(trades[0].Fees, Is.EqualTo(6).Within(Tol));
        Assert.That(trades[0].NetPnl, Is.EqualTo(3).Within(Tol));
        Assert.That(trades[0].ExitOrderIds, Is.EqualTo(new[] { "o2", "o3" }));
    }

    [Test]
    public void Short_trade_profits_when_price_falls_and_uses_the_point_value()
    {
        var scenario = new AnalysisScenario { Context = new RunContext { PointValue = 20 } }
            .Sell(2, 50, 0, "s1").Buy(2, 45, 1, "b1");

        var trade = scenario.Analyze().Trades.Single();

        // (50 − 45) × 2 × 20 = 200; entry notional 50 × 2 × 20 = 2000 → 10 %.
        Assert.That(trade.Side, Is.EqualTo(TradeSide.Short));
        Assert.That(trade.GrossPnl, Is.EqualTo(200).Within(Tol));
        Assert.That(trade.PnlPct, Is.EqualTo(10).Within(Tol));
    }

    [Test]
    public void Open_position_at_run_end_is_reported_open_and_marked_at_the_last_bar_close()
    {
        var analysis = new AnalysisScenario { Context = new RunContext { InitialBalance = 1000 } }
            .Buy(3, 100, 0, "o1", fee: 3)
            .Sell(1, 104, 1, "o2")
            .Bars(0, (101, 99, 100), (105, 100, 104), (104, 101, 102), (104, 102, 103))
            .Analyze();

        // No lot is fully closed: no trade. Open 2 @100, realised (104 − 100) × 1 = 4, entry fees 3,
        // marked at the last close 103: unrealised (103 − 100) × 2 = 6; open PnL 4 + 6 − 3 = 7.
        Assert.That(analysis.Trades, Is.Empty);
        Assert.That(analysis.Value(MetricKeys.TradeCount), Is.EqualTo(0));
        var open = analysis.OpenPositions.Single();
        Assert.That(open.Side, Is.EqualTo(TradeSide.Long));
        Assert.That(open.Quantity, Is.EqualTo(2).Within(Tol));
        Assert.That(open.AverageEntryPrice, Is.EqualTo(100).Within(Tol));
        Assert.That(open.MarkPrice, Is.EqualTo(103));
        Assert.That(open.MarkTimeUtc, Is.EqualTo(AnalysisScenario.At(4)));
        Assert.That(open.UnrealisedPnl, Is.EqualTo(6).Within(Tol));
        Assert.That(open.RealisedPnl, Is.EqualTo(4).Within(Tol));
        Assert.That(open.EntryFees, Is.EqualTo(3).Within(Tol));
        Assert.That(analysis.Value(MetricKeys.OpenPnl), Is.EqualTo(7).Within(Tol));
        // Equity agrees: cash −300 − 3 + 104 = −199, position 2 × 103 = 206 → +7.
        Assert.That(analysis.Value(MetricKeys.TotalReturn), Is.EqualTo(7).Within(Tol));
        Assert.That(analysis.Equity[^1].Equity, Is.EqualTo(1007).Within(Tol));
    }

    [Test]
    public void Open_position_without_bars_is_marked_at_the_last_fill()
    {
        var analysis = new AnalysisScenario()
            .Sell(1, 50, 0, symbol: "NQ")
            .Buy(1, 40, 1, symbol: "NQ", account: "B")
            .Analyze();

        // Account A is short 1 @50; the last NQ price seen is 40 → unrealised (50 − 40) × 1 = 10.
        var open = analysis.OpenPositions.Single(p => p.Account == "A");
        Assert.That(open.Side, Is.EqualTo(TradeSide.Short));
        Assert.That(open.MarkPrice, Is.EqualTo(40));
        Assert.That(open.UnrealisedPnl, Is.EqualTo(10).Within(Tol));
    }

    [Test]
    public void Positions_are_kept_apart_per_symbol_and_account()
    {
        var trades = new AnalysisScenario()
            .Buy(1, 100, 0, account: "A").Sell(1, 90, 1, account: "B")
            .Sell(1, 101, 2, account: "A").Buy(1, 95, 3, account: "B")
            .Analyze().Trades;

        // A: long 100 → 101 = +1. B: short 90 → 95 = −5. Never netted against each other.
        Assert.That(trades.Select(t => (t.Account, t.GrossPnl)), Is.EquivalentTo(new[] { ("A", 1.0), ("B", -5.0) }));
    }

    [Test]
    public void Close_fill_with_nothing_open_belongs_to_a_position_from_before_recording_and_is_left_out()
    {
        var analysis = new AnalysisScenario()
            .Sell(1, 100, 0, impact: PositionImpact.Close)
            .Buy(1, 100, 1).Sell(1, 102, 2)
            .Analyze();

        // The first sell closes a long opened before recording: no short is opened, no cash is booked.
        Assert.That(analysis.Trades, Has.Count.EqualTo(1));
        Assert.That(analysis.Trades[0].Side, Is.EqualTo(TradeSide.Long));
        Assert.That(analysis.Value(MetricKeys.UnmatchedCloseQuantity), Is.EqualTo(1));
        Assert.That(analysis.Value(MetricKeys.TotalReturn), Is.EqualTo(2).Within(Tol));
    }

    [Test]
    public void Fills_given_out_of_time_order_are_taken_in_time_order()
    {
        var trades = new AnalysisScenario()
            .Sell(1, 120, 2, "o3").Buy(1, 100, 0, "o1")
            .Analyze().Trades;

        Assert.That(trades.Single().Side, Is.EqualTo(TradeSide.Long));
        Assert.That(trades.Single().GrossPnl, Is.EqualTo(20).Within(Tol));
    }
}
