using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Insight;
using QuantowerRecorder.Tests.Analytics;

namespace QuantowerRecorder.Tests.Analytics.Insight;

public sealed class TradeExcursionTests
{
    private const double Tol = 1e-9;

    [Test]
    public void Long_trade_etd_and_efficiencies_from_bars()
    {
        // Buy 2 @100 at 09:00:30, sell 2 @103 at 09:03:30, point value 5 (ES with a made-up multiplier).
        // Bars 09:00–09:03: highest high 105, lowest low 98. MFE = (105 − 100) × 2 × 5 = 50; MAE = (98 − 100) × 2 × 5 = −20.
        // Gross = 3 × 2 × 5 = 30. ETD = MFE − gross = 20.
        // Range = 50 + 20 = 70 (= (105 − 98) × 10).
        // Entry efficiency = (H − entry) / (H − L) = 5 / 7; exit = (exit − L) / (H − L) = 5 / 7; total = 3 / 7 = 5/7 + 5/7 − 1.
        var scenario = new AnalysisScenario { Context = new RunContext { PointValue = 5 } }
            .Buy(2, 100, 0.5).Sell(2, 103, 3.5)
            .Bars(0, (101, 99, 100), (105, 100, 104), (104, 98, 99), (103.5, 101, 103));
        var trade = scenario.Analyze().Trades.Single();

        var e = TradeExcursion.Of(trade);

        Assert.That(e.Mfe, Is.EqualTo(50).Within(Tol));
        Assert.That(e.Mae, Is.EqualTo(-20).Within(Tol));
        Assert.That(e.Etd, Is.EqualTo(20).Within(Tol));
        Assert.That(e.EntryEfficiency, Is.EqualTo(5.0 / 7).Within(Tol));
        Assert.That(e.ExitEfficiency, Is.EqualTo(5.0 / 7).Within(Tol));
        Assert.That(e.TotalEfficiency, Is.EqualTo(3.0 / 7).Within(Tol));
    }

    [Test]
    public void Short_trade_that_loses_has_negative_total_efficiency()
    {
        // Sell 1 @100, buy back 1 @102; bars high 103, low 99; point value 1.
        // MFE = 100 − 99 = 1; MAE = 100 − 103 = −3; gross = −2; ETD = 1 − (−2) = 3.
        // Range 4: entry efficiency = (entry − L) / range = 1/4; exit = (H − exit) / range = 1/4; total = −2/4.
        var trade = new AnalysisScenario { Context = new RunContext { PointValue = 1 } }
            .Sell(1, 100, 0.5).Buy(1, 102, 1.5)
            .Bars(0, (103, 99, 101), (102.5, 100, 102))
            .Analyze().Trades.Single();

        var e = TradeExcursion.Of(trade);

        Assert.That(e.Etd, Is.EqualTo(3).Within(Tol));
        Assert.That(e.EntryEfficiency, Is.EqualTo(0.25).Within(Tol));
        Assert.That(e.ExitEfficiency, Is.EqualTo(0.25).Within(Tol));
        Assert.That(e.TotalEfficiency, Is.EqualTo(-0.5).Within(Tol));
    }

    [Test]
    public void A_trade_whose_price_never_moved_has_no_efficiencies()
    {
        var trade = Trades.Make(TradeSide.Long, 1, 0, 100, 1, 100);

        var e = TradeExcursion.Of(trade);

        Assert.That(e.Etd, Is.EqualTo(0));
        Assert.That(e.EntryEfficiency, Is.Null);
        Assert.That(e.ExitEfficiency, Is.Null);
        Assert.That(e.TotalEfficiency, Is.Null);
    }
}
