using NUnit.Framework;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Tests.Analytics;

public sealed class ExcursionTests
{
    private const double Tol = 1e-9;

    [Test]
    public void Mae_and_mfe_come_from_the_bars_overlapping_the_holding_period()
    {
        var trade = new AnalysisScenario()
            .Buy(1, 100, 0.5).Sell(1, 102, 3.5)
            .Bars(
                0,
                (101, 99, 100),   // 09:00 contains the entry
                (103, 98, 101),   // 09:01
                (104, 100, 103),  // 09:02
                (102.5, 101, 102), // 09:03 contains the exit
                (110, 90, 100))   // 09:04 starts after the exit: ignored
            .Analyze().Trades.Single();

        // Highest high 104, lowest low 98 over 09:00–09:03; entry 100, quantity 1, point value 1.
        // MFE = (104 − 100) × 1 = 4; MAE = (98 − 100) × 1 = −2.
        Assert.That(trade.ExcursionSource, Is.EqualTo(ExcursionSource.Bars));
        Assert.That(trade.Mfe, Is.EqualTo(4).Within(Tol));
        Assert.That(trade.Mae, Is.EqualTo(-2).Within(Tol));
    }

    [Test]
    public void Of_two_bars_at_one_time_the_last_given_counts_and_bars_given_out_of_order_are_taken_in_time_order()
    {
        // 09:01 given twice: the first copy's high of 120 and low of 80 are replaced by the second's (103, 98). Taken as
        // one bar a minute, in time order, these are the first test's bars, whatever order they come in.
        var first = new Bar(AnalysisScenario.At(1), 100, 120, 80, 101, 1);
        Bar[] inOrder =
        [
            new(AnalysisScenario.At(0), 100, 101, 99, 100, 1), first, new(AnalysisScenario.At(1), 101, 103, 98, 101, 1),
            new(AnalysisScenario.At(2), 103, 104, 100, 103, 1), new(AnalysisScenario.At(3), 102, 102.5, 101, 102, 1),
            new(AnalysisScenario.At(4), 100, 110, 90, 100, 1),
        ];
        Bar[] shuffled = [inOrder[3], first, inOrder[0], inOrder[2], inOrder[5], inOrder[4]];
        foreach (var (name, bars) in new[] { ("in time order", inOrder), ("shuffled", shuffled) })
        {
            var trade = new AnalysisScenario()
                .Buy(1, 100, 0.5).Sell(1, 102, 3.5)
                .Series(new BarSeries("ES", bars) { BarDuration = TimeSpan.FromMinutes(1) })
                .Analyze().Trades.Single();

            Assert.That(trade.ExcursionSource, Is.EqualTo(ExcursionSource.Bars), name);
            Assert.That(trade.Mfe, Is.EqualTo(4).Within(Tol), name);
            Assert.That(trade.Mae, Is.EqualTo(-2).Within(Tol), name);
        }
    }

    [Test]
    public void Without_bars_mae_and_mfe_come_from_the_symbols_fills_during_the_holding_period()
    {
        var analysis = new AnalysisScenario()
            .Buy(1, 100, 0.5, account: "A")
            .Buy(1, 97, 1, account: "B")
            .Sell(1, 105, 2, account: "B")
            .Sell(1, 102, 3.5, account: "A")
            .Buy(1, 80, 5, account: "B") // after A's exit: ignored for A
            .Analyze();
        var trade = analysis.Trades.Single(t => t.Account == "A");

        // Prices seen in [09:00:30, 09:03:30]: 100, 97, 105, 102. MFE = 105 − 100 = 5; MAE = 97 − 100 = −3.
        Assert.That(trade.ExcursionSource, Is.EqualTo(ExcursionSource.Fills));
        Assert.That(trade.Mfe, Is.EqualTo(5).Within(Tol));
        Assert.That(trade.Mae, Is.EqualTo(-3).Within(Tol));
    }

    [Test]
    public void Short_trade_excursions_are_mirrored_and_scaled_by_quantity_and_point_value()
    {
        var trade = new AnalysisScenario { Context = new RunContext { PointValue = 50 } }
            .Sell(2, 100, 0.5).Buy(2, 99, 2.5)
            .Bars(0, (101, 99.5, 100), (100.5, 98, 99), (100, 98.5, 99))
            .Analyze().Trades.Single();

        // Short from 100: adverse = highest high 101 → (100 − 101) × 2 × 50 = −100;
        // favourable = lowest low 98 → (100 − 98) × 2 × 50 = 200.
        Assert.That(trade.Mae, Is.EqualTo(-100).Within(Tol));
        Assert.That(trade.Mfe, Is.EqualTo(200).Within(Tol));
    }

    [Test]
    public void Excursion_is_never_less_extreme_than_the_trades_own_exit()
    {
        // Bars say the price never went above 101, but the exit filled at 103 (a gap the bars missed).
        var trade = new AnalysisScenario()
            .Buy(1, 100, 0.5).Sell(1, 103, 1.5)
            .Bars(0, (101, 99, 100), (101, 100, 101))
            .Analyze().Trades.Single();

        Assert.That(trade.Mfe, Is.EqualTo(3).Within(Tol));
        Assert.That(trade.Mae, Is.EqualTo(-1).Within(Tol));
    }
}
