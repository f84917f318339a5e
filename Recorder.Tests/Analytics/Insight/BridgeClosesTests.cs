using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Insight;
using QuantowerRecorder.Tests.Analytics;

namespace QuantowerRecorder.Tests.Analytics.Insight;

public sealed class BridgeClosesTests
{
    [Test]
    public void Trades_built_by_the_analyser_reconcile_and_the_bridge_closes()
    {
        // The backtest buys 0.5 @100 and sells @104 (09:00:30 → 09:03:30); the paper run buys 0.3 @100.4 20 s later
        // and sells @103.6; each pays 0.01 per fill. Minute bars for both.
        var ctx = new RunContext { Symbols = new Dictionary<string, SymbolSpec>(StringComparer.Ordinal) { ["ES"] = new() { PointValue = 2, Currency = "USD" } } };
        (double, double, double)[] bars = [(101, 99, 100), (102, 100, 101), (103, 101, 102), (105, 102, 104)];
        var backtest = new AnalysisScenario { Context = ctx }.Buy(0.5, 100, 0.5, fee: 0.01).Sell(0.5, 104, 3.5, fee: 0.01).Bars(0, bars);
        var forward = new AnalysisScenario { Context = ctx }.Buy(0.3, 100.4, 0.5 + (20 / 60.0), fee: 0.01).Sell(0.3, 103.6, 3.5, fee: 0.01).Bars(0, bars);
        var b = backtest.Input();
        var f = forward.Input();

        var r = Reconciler.Reconcile(
            new ReconciliationSide(backtest.Analyze().Trades, b.Bars, b.Context),
            new ReconciliationSide(forward.Analyze().Trades, f.Bars, f.Context));

        // Backtest net = 4 × 0.5 × 2 − 0.02 = 3.98; forward = 3.2 × 0.3 × 2 − 0.02 = 1.90; difference −2.08.
        // No bar has ended by 09:00:30 or 09:00:50 (the 09:00 bar ends at 09:01): no market price at the entries, so
        // timing is 0 and slippage takes the price differences, at forward quantity × point value = 0.6:
        // entry slippage −(100.4 − 100) × 0.6 = −0.24, exit slippage (103.6 − 104) × 0.6 = −0.24, fees 0,
        // rest = 4 × 0.5 × 2 × (0.3 / 0.5 − 1) = −1.6. Sum −2.08.
        var bridge = r.Bridge!;
        Assert.That(r.Matched, Has.Count.EqualTo(1));
        Assert.That(bridge.Difference, Is.EqualTo(-2.08).Within(1e-9));
        Assert.That(bridge.Parts.EntrySlippage, Is.EqualTo(-0.24).Within(1e-9));
        Assert.That(bridge.Parts.ExitSlippage, Is.EqualTo(-0.24).Within(1e-9));
        Assert.That(bridge.Parts.Fees, Is.EqualTo(0).Within(1e-12));
        Assert.That(bridge.Parts.Rest, Is.EqualTo(-1.6).Within(1e-9));
        Assert.That(bridge.Parts.Sum, Is.EqualTo(bridge.Difference).Within(1e-12));
        Assert.That(bridge.Currency, Is.EqualTo("USD"));
        Assert.That(r.Matched.Single().TimingKnown, Is.False);
    }

    [Test]
    public void The_parts_add_up_to_the_difference_for_many_odd_quantities_and_prices()
    {
        // Seeded so a failure repeats; the assertion holds for any draw.
        var random = new Random(1234);
        var bars = Trades.Closes(0, "ES", Enumerable.Range(0, 600).Select(i => 100 + (5 * Math.Sin(i / 7.0))).ToArray());
        var ctx = new RunContext { PointValue = 12.5 };
        for (var round = 0; round < 50; round++)
        {
            var backtest = new List<RoundTrip>();
            var forward = new List<RoundTrip>();
            for (var k = 0; k < 20; k++)
            {
                var side = random.Next(2) == 0 ? TradeSide.Long : TradeSide.Short;
                var entry = random.Next(1, 500) + random.NextDouble();
                var exit = entry + random.Next(1, 60);
                if (random.NextDouble() < 0.8)
                {
                    backtest.Add(Trades.Make(side, Math.Round(random.NextDouble() * 3, 3) + 0.001, entry, 100 + random.NextDouble(), exit, 100 + random.NextDouble(), fees: random.NextDouble(), pointValue: 12.5, number: k));
                }

                if (random.NextDouble() < 0.8)
                {
                    var late = entry + (random.NextDouble() * 1.5);
                    forward.Add(Trades.Make(side, Math.Round(random.NextDouble() * 3, 3) + 0.001, late, 100 + random.NextDouble(), exit + random.NextDouble(), 100 + random.NextDouble(), fees: random.NextDouble(), pointValue: 12.5, number: k));
                }
            }

            var r = Reconciler.Reconcile(new ReconciliationSide(backtest, [bars], ctx), new ReconciliationSide(forward, [bars], ctx));

            var bridge = r.Bridge!;
            Assert.That(bridge.Parts.Sum, Is.EqualTo(bridge.Difference).Within(1e-9), $"round {round}");
            Assert.That(r.Matched.Count + r.Missed.Count, Is.EqualTo(backtest.Count));
            Assert.That(r.Matched.Count + r.Extra.Count, Is.EqualTo(forward.Count));
            Assert.That(r.Matched.Sum(m => m.Rest), Is.EqualTo(bridge.Parts.Rest).Within(1e-9), $"round {round}");
        }
    }
}
