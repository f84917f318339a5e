using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Insight;
using static QuantowerRecorder.Tests.Analytics.Insight.Trades;

namespace QuantowerRecorder.Tests.Analytics.Insight;

public sealed class ReconcilerTests
{
    private const double Tol = 1e-9;

    private static RunContext Es => new() { Symbols = new Dictionary<string, SymbolSpec>(StringComparer.Ordinal) { ["ES"] = new() { PointValue = 50 } } };

    [Test]
    public void Bridge_parts_add_up_to_the_difference_with_missed_extra_and_slippage()
    {
        var b1 = Make(TradeSide.Long, 1, 0, 100, 10, 110, fees: 2, pointValue: 50, number: 1);        // gross 10 × 50 = 500, net 498
        var b2 = Make(TradeSide.Short, 1, 60, 120, 80, 115, fees: 2, pointValue: 50, number: 2);      // gross 5 × 50 = 250, net 248
        var f1 = Make(TradeSide.Long, 1, 0.5, 100.5, 10.2, 109.75, fees: 3, pointValue: 50, number: 1); // gross 9.25 × 50 = 462.5, net 459.5
        var f2 = Make(TradeSide.Long, 2, 120, 130, 125, 129, fees: 4, pointValue: 50, number: 2);     // gross −1 × 2 × 50 = −100, net −104

        var r = Reconciler.Reconcile(new ReconciliationSide([b1, b2], [], Es), new ReconciliationSide([f1, f2], [], Es));

        Assert.That(r.Matched.Select(m => (m.Backtest.Number, m.Forward.Number)), Is.EqualTo(new[] { (1, 1) }));
        Assert.That(r.Missed.Single().Number, Is.EqualTo(2));
        Assert.That(r.Extra.Single().Number, Is.EqualTo(2));
        var bridge = r.Bridge!;
        // Backtest 498 + 248 = 746; forward 459.5 − 104 = 355.5; difference −390.5.
        Assert.That(bridge.BacktestNetPnl, Is.EqualTo(746).Within(Tol));
        Assert.That(bridge.ForwardNetPnl, Is.EqualTo(355.5).Within(Tol));
        // Missed −248; extra −104; no bars, so timing 0 and slippage takes the whole price differences:
        // entry −(100.5 − 100) × 50 = −25; exit (109.75 − 110) × 50 = −12.5; fees 2 − 3 = −1; rest 0 (same quantity).
        Assert.That(bridge.Parts.Missed, Is.EqualTo(-248).Within(Tol));
        Assert.That(bridge.Parts.Extra, Is.EqualTo(-104).Within(Tol));
        Assert.That(bridge.Parts.EntrySlippage, Is.EqualTo(-25).Within(Tol));
        Assert.That(bridge.Parts.ExitSlippage, Is.EqualTo(-12.5).Within(Tol));
        Assert.That(bridge.Parts.Fees, Is.EqualTo(-1).Within(Tol));
        Assert.That(bridge.Parts.Timing, Is.EqualTo(0));
        Assert.That(bridge.Parts.Rest, Is.EqualTo(0).Within(Tol));
        Assert.That(bridge.Parts.Sum, Is.EqualTo(bridge.Difference).Within(1e-12));
        Assert.That(r.Notes, Has.Some.Contains("timing is 0"));
        var m = r.Matched.Single();
        Assert.That(m.EntryTimeDifference, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(m.ExitPriceDifference, Is.EqualTo(-0.25).Within(Tol));
    }

    [Test]
    public void Timing_is_the_markets_move_and_rest_is_the_quantity_difference_with_decimal_quantities()
    {
        // Minute bars closing 100, 101, 102, 103, 105, 106 (09:00 … 09:05); BTC point value 1.
        var bars = Closes(0, "BTC", 100, 101, 102, 103, 105, 106);
        var ctx = new RunContext { PointValue = 1 };
        // Backtest: long 0.5 at 09:01:00 @100.2 (market 100, bar 09:00 ended), out at 09:05:00 @104.9 (market 105).
        // Gross 4.7 × 0.5 = 2.35, fees 0.1, net 2.25.
        var b = Make(TradeSide.Long, 0.5, 1, 100.2, 5, 104.9, fees: 0.1, symbol: "BTC");
        // Forward: long 0.3 at 09:02:10 @101.3 (market 101), out at 09:05:30 @104.6 (market 105).
        // Gross 3.3 × 0.3 = 0.99, fees 0.07, net 0.92.
        var f = Make(TradeSide.Long, 0.3, 2 + (10 / 60.0), 101.3, 5.5, 104.6, fees: 0.07, symbol: "BTC");

        var r = Reconciler.Reconcile(
            new ReconciliationSide([b], [bars], ctx),
            new ReconciliationSide([f], [bars], ctx),
            new ReconciliationOptions { EntryTolerance = TimeSpan.FromMinutes(2) });

        var p = r.Bridge!.Parts;
        // Scale = forward quantity 0.3 × point value 1.
        // Entry slippage −((101.3 − 101) − (100.2 − 100)) × 0.3 = −0.03.
        // Exit slippage ((104.6 − 105) − (104.9 − 105)) × 0.3 = −0.09.
        // Timing ((105 − 105) − (101 − 100)) × 0.3 = −0.3.
        // Fees 0.1 − 0.07 = 0.03.
        // Rest = backtest gross × (0.3 / 0.5 − 1) = 2.35 × −0.4 = −0.94.
        // Sum −1.33 = 0.92 − 2.25.
        Assert.That(p.EntrySlippage, Is.EqualTo(-0.03).Within(Tol));
        Assert.That(p.ExitSlippage, Is.EqualTo(-0.09).Within(Tol));
        Assert.That(p.Timing, Is.EqualTo(-0.3).Within(Tol));
        Assert.That(p.Fees, Is.EqualTo(0.03).Within(Tol));
        Assert.That(p.Rest, Is.EqualTo(-0.94).Within(Tol));
        Assert.That(p.Missed, Is.EqualTo(0));
        Assert.That(p.Extra, Is.EqualTo(0));
        Assert.That(r.Bridge!.Difference, Is.EqualTo(-1.33).Within(Tol));
        Assert.That(p.Sum, Is.EqualTo(r.Bridge!.Difference).Within(1e-12));
        Assert.That(r.Matched.Single().TimingKnown, Is.True);
        Assert.That(r.Matched.Single().Rest, Is.EqualTo(-0.94).Within(Tol));
        Assert.That(r.Notes, Is.Empty);
    }

    [Test]
    public void Matching_takes_the_closest_entry_of_the_same_symbol_and_side_within_the_tolerance()
    {
        var b = Make(TradeSide.Long, 1, 0, 100, 5, 101, number: 1);
        var farther = Make(TradeSide.Long, 1, 50 / 60.0, 100, 5, 101, number: 1);
        var closer = Make(TradeSide.Long, 1, 10 / 60.0, 100, 5, 101, number: 2);
        var shortSide = Make(TradeSide.Short, 1, 0, 100, 5, 99, number: 3);
        var otherSymbol = Make(TradeSide.Long, 1, 0, 100, 5, 101, symbol: "NQ", number: 4);
        var tooLate = Make(TradeSide.Long, 1, 30, 100, 35, 101, number: 6);

        var r = Reconciler.Reconcile(
            new ReconciliationSide([b, Make(TradeSide.Long, 1, 29, 100, 31, 101, number: 2)], [], new RunContext()),
            new ReconciliationSide([farther, closer, shortSide, otherSymbol, tooLate], [], new RunContext()));

        // Extra in forward entry order: 09:00 short (#3), 09:00 NQ (#4), 09:00:50 (#1).
        // 09:00:10 is closer than 09:00:50; the 09:29 backtest trade is 60 s from 09:30 (inside the default 60 s).
        Assert.That(r.Matched.Select(m => (m.Backtest.Number, m.Forward.Number)), Is.EqualTo(new[] { (1, 2), (2, 6) }));
        Assert.That(r.Extra.Select(t => t.Number), Is.EqualTo(new[] { 3, 4, 1 }));
        Assert.That(r.Missed, Is.Empty);
        Assert.That(r.Notes, Has.Some.Contains("ES: no point value recorded"));
    }

    [Test]
    public void A_negative_tolerance_is_refused()
    {
        var side = new ReconciliationSide([], [], new RunContext());
        Assert.That(
            () => Reconciler.Reconcile(side, side, new ReconciliationOptions { EntryTolerance = TimeSpan.FromSeconds(-1) }),
            Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Bridge_json_has_the_documented_keys_in_invariant_numbers()
    {
        var bridge = new PnlBridge(746, 355.5, new PnlBridgeParts(-248, -104, -25, -12.5, -1, 0, 0)) { Currency = "USD" };

        Assert.That(bridge.ToJson(), Is.EqualTo(
            "{\"backtest_net_pnl\":746,\"forward_net_pnl\":355.5,\"currency\":\"USD\",\"parts\":{\"missed\":-248,\"extra\":-104," +
            "\"entry_slippage\":-25,\"exit_slippage\":-12.5,\"fees\":-1,\"timing\":0,\"rest\":0}}"));
    }

    [Test]
    public void Trades_in_two_currencies_get_no_bridge()
    {
        var ctx = new RunContext
        {
            Symbols = new Dictionary<string, SymbolSpec>(StringComparer.Ordinal)
            {
                ["ES"] = new() { PointValue = 50, Currency = "USD" },
                ["FDAX"] = new() { PointValue = 25, Currency = "EUR" },
            },
        };
        var es = Make(TradeSide.Long, 1, 0, 100, 1, 101, symbol: "ES");
        var dax = Make(TradeSide.Long, 1, 0, 100, 1, 101, symbol: "FDAX", number: 2);

        var mixed = Reconciler.Reconcile(new ReconciliationSide([es], [], ctx), new ReconciliationSide([dax], [], ctx));
        var single = Reconciler.Reconcile(new ReconciliationSide([es], [], ctx), new ReconciliationSide([es], [], ctx));

        Assert.That(mixed.Bridge, Is.Null);
        Assert.That(mixed.Notes, Has.Some.Contains("EUR, USD"));
        Assert.That(single.Bridge!.Currency, Is.EqualTo("USD"));
    }

    [Test]
    public void The_default_backtest_is_the_shortest_that_covers_the_forward_period()
    {
        var forward = new RunSpan("f", At(60), At(120));
        var wide = new RunSpan("wide", At(0), At(600));
        var fit = new RunSpan("fit", At(30), At(150));
        var partial = new RunSpan("partial", At(70), At(200));

        Assert.That(BacktestChoice.Covering(forward, [wide, partial, fit])!.RunId, Is.EqualTo("fit"));
        Assert.That(BacktestChoice.Covering(forward, [partial]), Is.Null);
    }
}
