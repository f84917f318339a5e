using NUnit.Framework;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Tests.Analytics;

/// <summary>Futures round trips in currency: PnL = price difference × quantity × point value (docs/metrics.md, "Money").</summary>
public sealed class MoneyTests
{
    private const double Tol = 1e-9;

    // ES: tick 0.25 worth 12.50 → point value 50. NQ: tick 0.25 worth 5 → point value 20.
    private static readonly SymbolSpec Es = new() { TickSize = 0.25, TickValue = 12.5, PointValue = 50, Currency = "USD" };
    private static readonly SymbolSpec Nq = new() { TickSize = 0.25, TickValue = 5, Currency = "USD" };
    private static readonly SymbolSpec Fdax = new() { TickSize = 1, TickValue = 25, PointValue = 25, Currency = "EUR" };

    private static AnalysisScenario Futures(params (string Symbol, SymbolSpec Spec)[] specs) => new()
    {
        Context = new RunContext
        {
            InitialBalance = 100_000,
            Symbols = specs.ToDictionary(s => s.Symbol, s => s.Spec, StringComparer.Ordinal),
        },
    };

    [Test]
    public void Long_round_trip_with_fees_is_495()
    {
        var a = Futures(("ES", Es)).Buy(1, 5000, 0, fee: 2.5).Sell(1, 5010, 10, fee: 2.5).Analyze();

        var trade = a.Trades.Single();
        Assert.That((trade.GrossPnl, trade.Fees, trade.NetPnl), Is.EqualTo((500.0, 5.0, 495.0)));
        Assert.That(a.Value(MetricKeys.NetPnl), Is.EqualTo(495));
        Assert.That(a.Value(MetricKeys.TotalReturn), Is.EqualTo(495));
        Assert.That(a.Value(MetricKeys.TotalReturnPct), Is.EqualTo(0.495).Within(Tol));
        // Turnover counts every fill: (5000 + 5010) × 1 × 50.
        Assert.That(a.Value(MetricKeys.Turnover), Is.EqualTo(500_500));
        // The entry notional is 5000 × 50: net / notional × 100.
        Assert.That(trade.PnlPct, Is.EqualTo(495.0 / 250_000 * 100).Within(Tol));
        Assert.That(a.Notes.Where(n => n.Key == NoteKeys.PointValue), Is.Empty);
    }

    [Test]
    public void Short_round_trip_gains_when_the_price_falls()
    {
        var trade = Futures(("ES", Es)).Sell(2, 5010, 0, fee: 5).Buy(2, 5000.25, 10, fee: 5).Analyze().Trades.Single();

        // (5010 − 5000.25) × 2 × 50 = 975; fees 10.
        Assert.That(trade.Side, Is.EqualTo(TradeSide.Short));
        Assert.That((trade.GrossPnl, trade.NetPnl), Is.EqualTo((975.0, 965.0)));
    }

    [Test]
    public void Scale_in_and_out_is_valued_per_lot_with_the_point_value()
    {
        var trades = Futures(("ES", Es)).Buy(1, 5000, 0, "o1").Buy(1, 5002, 1, "o2").Sell(1, 5004, 2, "o3").Sell(1, 5001, 3, "o4")
            .Analyze().Trades;

        // FIFO: 5000 → 5004 = 4 points = 200; 5002 → 5001 = −1 point = −50.
        Assert.That(trades.Select(t => t.GrossPnl), Is.EqualTo(new[] { 200.0, -50.0 }));
    }

    [Test]
    public void A_reversal_in_one_fill_closes_in_currency_and_has_exit_reason_reversal()
    {
        var a = Futures(("ES", Es)).Buy(1, 5000, 0, "long", fee: 2.5).Sell(2, 5008, 5, "flip", fee: 5).Buy(1, 5006, 9, "cover", fee: 2.5).Analyze();

        // Long 5000 → 5008 = 400 gross, fees 2.5 + half of 5; short 5008 → 5006 = 100, fees 2.5 + 2.5.
        Assert.That(a.Trades.Select(t => (t.Side, t.GrossPnl, t.NetPnl, t.ExitReason)), Is.EqualTo(new[]
        {
            (TradeSide.Long, 400.0, 395.0, ExitReason.Reversal),
            (TradeSide.Short, 100.0, 95.0, ExitReason.Other),
        }));
    }

    [Test]
    public void Two_symbols_with_different_point_values_in_one_run_each_use_their_own()
    {
        var a = Futures(("ES", Es), ("NQ", Nq))
            .Buy(1, 5000, 0, symbol: "ES").Sell(1, 5001, 1, symbol: "ES")
            .Buy(1, 20000, 2, symbol: "NQ").Sell(1, 20001, 3, symbol: "NQ")
            .Analyze();

        // 1 point of ES = 50; 1 point of NQ = 5 / 0.25 = 20 (point value derived from tick value and tick size).
        Assert.That(a.Trades.Select(t => (t.Symbol, t.GrossPnl)), Is.EqualTo(new[] { ("ES", 50.0), ("NQ", 20.0) }));
        Assert.That(a.Value(MetricKeys.NetPnl), Is.EqualTo(70));
        Assert.That(a.Equity[^1].Equity, Is.EqualTo(100_070));
    }

    [Test]
    public void Slippage_is_given_in_ticks_and_in_money_with_the_symbols_tick_value()
    {
        var t = AnalysisScenario.T0.AddMinutes(1);
        var a = Futures(("ES", Es))
            .Order(new OrderInfo("M", "ES", Side.Buy, OrderType.Market, 2, OrderStatus.Filled, t))
            .Add(Side.Buy, 2, 5000.5, t.AddMilliseconds(200), "M")
            .Bars(0, (5001, 4999, 5000))
            .Analyze();

        // Reference: the close 5000 of the bar that ended by submission; 0.5 worse = 2 ticks × 12.50 × 2 lots = 50.
        var row = a.Orders.Single();
        Assert.That((row.SlippageTicks, row.SlippageMoney), Is.EqualTo(((double?)2.0, (double?)50.0)));
    }

    [Test]
    public void A_symbol_without_instrument_data_falls_back_to_point_value_1_and_says_so()
    {
        var a = Futures(("ES", Es)).Buy(1, 100, 0, symbol: "XYZ").Sell(1, 110, 1, symbol: "XYZ").Analyze();

        Assert.That(a.Trades.Single().GrossPnl, Is.EqualTo(10));
        var note = a.Notes.Single(n => n.Key == NoteKeys.PointValue);
        Assert.That(note.Message, Does.StartWith("XYZ: no point value recorded").And.Contain("point value 1"));
    }

    [Test]
    public void A_run_mixing_currencies_adds_nothing_across_them_and_gives_totals_per_currency()
    {
        var a = Futures(("ES", Es), ("FDAX", Fdax))
            .Buy(1, 5000, 0, symbol: "ES", fee: 2.5).Sell(1, 5010, 1, symbol: "ES", fee: 2.5)
            .Buy(1, 18000, 2, symbol: "FDAX", fee: 2).Sell(1, 17990, 3, symbol: "FDAX", fee: 2)
            .Analyze();

        Assert.That(a.Value(MetricKeys.NetPnl), Is.Null);
        Assert.That(a.Value(MetricKeys.TotalFees), Is.Null);
        Assert.That(a.Value(MetricKeys.MaxDrawdown), Is.Null);
        Assert.That(a.Value(MetricKeys.Sharpe), Is.Null);
        Assert.That(a.Equity, Is.Empty, "an equity curve would add euros to dollars");
        Assert.That(a.Value(MetricKeys.TradeCount), Is.EqualTo(2), "counts are not money");
        Assert.That((a.Value("net_pnl_usd"), a.Value("total_fees_usd"), a.Value("trade_count_usd")), Is.EqualTo(((double?)495.0, (double?)5.0, (double?)1.0)));
        Assert.That((a.Value("net_pnl_eur"), a.Value("gross_pnl_eur")), Is.EqualTo(((double?)-254.0, (double?)-250.0)));
        Assert.That(a.Notes.Single(n => n.Key == NoteKeys.Currency).Message, Does.Contain("EUR, USD"));
        // Each trade keeps its own figures, in its own currency.
        Assert.That(a.Trades.Select(t => t.NetPnl), Is.EqualTo(new[] { 495.0, -254.0 }));
    }
}
