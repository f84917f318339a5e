using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.WhatIf;

namespace QuantowerRecorder.Tests.Analytics;

/// <summary>
/// What-if exits worked out by hand (docs/metrics.md, "What-if exits"): one-minute bars from 10:00, one entry, one cell.
/// </summary>
public sealed class WhatIfExitTests
{
    private const double Tol = 1e-9;
    private static readonly DateTime T0 = new(2026, 1, 5, 10, 0, 0, DateTimeKind.Utc);

    internal static Bar B(int minute, double open, double high, double low, double close) => new(T0.AddMinutes(minute), open, high, low, close, 100);

    internal static WhatIfMarket Market(params Bar[] bars) => new() { Bars = bars, PointValue = 1, TickSize = 0.25 };

    private static WhatIfEntry Long(double price, double quantity = 1, double seconds = 30) => new(T0.AddSeconds(seconds), TradeSide.Long, quantity, price, 0);

    private static WhatIfCell One(WhatIfMarket market, WhatIfEntry entry, string? stop, string? target, string? trail = null, int? maxBars = null)
    {
        var grid = new WhatIfGrid([Level(stop)], [Level(target)], Level(trail), maxBars);
        return WhatIfSimulator.Run(market, [entry], grid).Cells.Single();
    }

    private static ExitLevel? Level(string? text) => text is null ? null : ExitLevel.Parse(text);

    // The entry's bar reaches 97 after a fill at 100.5… or before it: its range after the fill is unknown, so it is skipped.
    private static readonly Bar EntryBar = B(0, 100, 100.5, 97, 100);

    [Test]
    public void Stop_hit_on_the_first_bar_after_the_entry_bar_whose_low_reaches_it()
    {
        var market = Market(EntryBar, B(1, 100, 101, 99, 100.5), B(2, 100.5, 100.8, 97.5, 98));
        var cell = One(market, Long(100), "2pt", "3pt");

        // Stop 100 − 2 = 98, target 103. Bar 1: low 99 > 98, high 101 < 103. Bar 2: low 97.5 ≤ 98 → out at 98.
        // Net (98 − 100) × 1 × 1 = −2; R = −2 / 2 = −1.
        Assert.That(cell.StopExits, Is.EqualTo(1));
        Assert.That(cell.Figures.NetPnl, Is.EqualTo(-2).Within(Tol));
        Assert.That(cell.Figures.AverageR, Is.EqualTo(-1).Within(Tol));
        Assert.That(cell.Figures.WinRate, Is.EqualTo(0));
    }

    [Test]
    public void Target_hit_fills_at_the_target()
    {
        var market = Market(EntryBar, B(1, 100, 101, 99, 100.5), B(2, 100.5, 103.5, 100, 103));
        var cell = One(market, Long(100), "2pt", "3pt");

        // Bar 2: high 103.5 ≥ 103, low 100 > 98 → out at 103: net +3, R = 3 / 2 = 1.5.
        Assert.That(cell.TargetExits, Is.EqualTo(1));
        Assert.That(cell.Figures.NetPnl, Is.EqualTo(3).Within(Tol));
        Assert.That(cell.Figures.AverageR, Is.EqualTo(1.5).Within(Tol));
        Assert.That(cell.Figures.WinRate, Is.EqualTo(100));
    }

    [Test]
    public void A_bar_reaching_both_levels_takes_the_stop_first_and_is_counted()
    {
        var market = Market(EntryBar, B(1, 100, 101, 99, 100.5), B(2, 100.5, 104, 97, 101));
        var cell = One(market, Long(100), "2pt", "3pt");

        // Bar 2 reaches 98 and 103 and opened between them: nothing orders them, so the stop: −2.
        Assert.That(cell.StopExits, Is.EqualTo(1));
        Assert.That(cell.BothStopFirstAssumed, Is.EqualTo(1));
        Assert.That(cell.Figures.NetPnl, Is.EqualTo(-2).Within(Tol));
    }

    [Test]
    public void A_finer_series_orders_a_bar_reaching_both_levels()
    {
        var market = Market(EntryBar, B(1, 100, 101, 99, 100.5), B(2, 100.5, 104, 97, 101)) with
        {
            // 20-second bars inside bar 2: the first reaches 103.2 (the target) and not 98; the stop comes later.
            FinerBars =
            [
                new Bar(T0.AddMinutes(2), 100.5, 103.2, 99.8, 103, 10),
                new Bar(T0.AddMinutes(2).AddSeconds(20), 103, 104, 97, 98, 10),
                new Bar(T0.AddMinutes(2).AddSeconds(40), 98, 101, 97.5, 101, 10),
            ],
        };
        var cell = One(market, Long(100), "2pt", "3pt");

        // Target first: out at 103, +3.
        Assert.That(cell.TargetExits, Is.EqualTo(1));
        Assert.That(cell.BothOrderedByFinerSeries, Is.EqualTo(1));
        Assert.That(cell.BothStopFirstAssumed, Is.EqualTo(0));
        Assert.That(cell.Figures.NetPnl, Is.EqualTo(3).Within(Tol));
    }

    [Test]
    public void A_gap_through_the_stop_fills_at_the_open()
    {
        var market = Market(EntryBar, B(1, 100, 101, 99, 100.5), B(2, 96, 96.5, 95, 96));
        var cell = One(market, Long(100), "2pt", "3pt");

        // Bar 2 opens at 96, below the stop at 98: the stop fills at 96. Net −4, R = −4 / 2 = −2.
        Assert.That(cell.StopExits, Is.EqualTo(1));
        Assert.That(cell.Figures.NetPnl, Is.EqualTo(-4).Within(Tol));
        Assert.That(cell.Figures.AverageR, Is.EqualTo(-2).Within(Tol));
    }

    [Test]
    public void A_trade_still_open_when_the_bars_end_is_valued_at_the_last_close_without_exit_fee()
    {
        var market = Market(EntryBar, B(1, 100, 101, 99, 100.5), B(2, 100.5, 101, 99.5, 100.7)) with { FeePerContract = 1 };
        var entry = Long(100, quantity: 2) with { Fee = 2 };
        var cell = One(market, entry, "2pt", "3pt");

        // Neither 98 nor 103 is reached: open, valued at the last close 100.7: (100.7 − 100) × 2 − 2 (entry fee) = −0.6.
        // An open trade is not in the win rate (no closed trade: null) but is in the net PnL.
        Assert.That(cell.Figures.Open, Is.EqualTo(1));
        Assert.That(cell.Figures.NetPnl, Is.EqualTo(-0.6).Within(Tol));
        Assert.That(cell.Figures.WinRate, Is.Null);
    }

    [Test]
    public void A_trailing_stop_follows_the_best_price_of_the_closed_bars()
    {
        var market = Market(EntryBar, B(1, 100, 103, 99, 102.5), B(2, 102.5, 102.8, 100.5, 101));
        var cell = One(market, Long(100), null, null, trail: "2pt");

        // Bar 1: the stop is 100 − 2 = 98 (best so far the entry), low 99: held; best becomes 103.
        // Bar 2: the stop is 103 − 2 = 101, low 100.5 ≤ 101 → out at 101: +1, R = 1 / 2 (the trail's first distance).
        Assert.That(cell.TrailingExits, Is.EqualTo(1));
        Assert.That(cell.Figures.NetPnl, Is.EqualTo(1).Within(Tol));
        Assert.That(cell.Figures.AverageR, Is.EqualTo(0.5).Within(Tol));
    }

    [Test]
    public void A_time_exit_closes_at_the_close_of_the_nth_bar_with_market_slippage()
    {
        var market = Market(EntryBar, B(1, 100, 101, 99, 100.5), B(2, 100.5, 101, 99.5, 100.75), B(3, 101, 101, 90, 90))
            with { MarketSlippageTicks = 1 };
        var cell = One(market, Long(100), "2pt", "3pt", maxBars: 2);

        // Bars 1 and 2 reach neither level; after 2 bars out at bar 2's close 100.75 less one tick (0.25) = 100.5: +0.5.
        // Bar 3, which would have stopped it, is never reached.
        Assert.That(cell.TimeExits, Is.EqualTo(1));
        Assert.That(cell.Figures.NetPnl, Is.EqualTo(0.5).Within(Tol));
    }

    [Test]
    public void Futures_short_with_point_value_50_ticks_fees_and_stop_slippage()
    {
        // ES: tick 0.25, point value 50; the run paid 2.25 per contract per fill and slipped one tick on its stops.
        Bar E(int minute, double o, double h, double l, double c) => B(minute, o, h, l, c);
        var market = new WhatIfMarket
        {
            Bars = [E(0, 5000, 5000.5, 4999.5, 5000), E(1, 4999.5, 5001, 4998.5, 4999), E(2, 4999, 5002.5, 4998.75, 5002)],
            PointValue = 50,
            TickSize = 0.25,
            FeePerContract = 2.25,
            StopSlippageTicks = 1,
        };
        var entry = new WhatIfEntry(T0.AddSeconds(10), TradeSide.Short, 2, 5000, 4.5);
        var grid = new WhatIfGrid([ExitLevel.Parse("8t")], [ExitLevel.Parse("16t"), ExitLevel.Parse("4t")]);
        var cells = WhatIfSimulator.Run(market, [entry], grid).Cells;

        // Stop 8 ticks = 2 points above: 5002. Target 16 ticks = 4 points below: 4996.
        // Bar 1: high 5001 < 5002, low 4998.5 > 4996. Bar 2: high 5002.5 ≥ 5002 → stopped at 5002 + 1 tick = 5002.25.
        // Gross (5002.25 − 5000) × −1 × 2 × 50 = −225; fees 4.5 entry + 2 × 2.25 exit = 9; net −234.
        // R: risk 2 points × 2 × 50 = 200 → −234 / 200 = −1.17.
        Assert.That(cells[0].Figures.NetPnl, Is.EqualTo(-234).Within(Tol));
        Assert.That(cells[0].Figures.AverageR, Is.EqualTo(-1.17).Within(Tol));
        // Target 4 ticks = 1 point below: 4999. Bar 1: low 4998.5 ≤ 4999 (and high 5001 < 5002) → out at 4999, no
        // limit slippage measured: gross 1 × 2 × 50 = 100, net 100 − 9 = 91.
        Assert.That(cells[1].TargetExits, Is.EqualTo(1));
        Assert.That(cells[1].Figures.NetPnl, Is.EqualTo(91).Within(Tol));
    }

    [Test]
    public void Atr_levels_are_multiples_of_the_mean_true_range_of_the_14_bars_before_the_entry_bar()
    {
        // 14 bars of range 2 around 100 (TR 2 each: closes at 100 inside every next bar's range), then the entry bar.
        var bars = Enumerable.Range(0, 14).Select(m => B(m, 100, 101, 99, 100)).ToList();
        bars.Add(B(14, 100, 100.5, 99.5, 100));
        bars.Add(B(15, 100, 100.5, 96.5, 97));
        var early = new WhatIfEntry(T0.AddMinutes(3), TradeSide.Long, 1, 100, 0);
        var entry = new WhatIfEntry(T0.AddMinutes(14).AddSeconds(5), TradeSide.Long, 1, 100, 0);
        var result = WhatIfSimulator.Run(Market([.. bars]), [early, entry], new WhatIfGrid([ExitLevel.Parse("1.5atr")], [null]));

        // ATR(14) = 2, stop 1.5 × 2 = 3 below: 97; bar 15's low 96.5 reaches it → −3. The entry in bar 3 has only 3
        // bars before it: left out of every cell.
        Assert.That(result.LeftOutBeforeAtr, Is.EqualTo(1));
        Assert.That(result.Entries, Is.EqualTo(1));
        Assert.That(result.Cells.Single().Figures.NetPnl, Is.EqualTo(-3).Within(Tol));
    }
}
