using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.WhatIf;

namespace QuantowerRecorder.Tests.Analytics;

/// <summary>Entries from a run's fills, the figures of a cell, and the grid's luck (docs/metrics.md, "What-if exits").</summary>
public sealed class WhatIfEntriesTests
{
    private const double Tol = 1e-9;
    private static readonly DateTime T0 = new(2026, 1, 5, 10, 0, 0, DateTimeKind.Utc);

    private static Fill F(string id, string order, Side side, double quantity, double price, double fee, double seconds) =>
        new(id, order, "ES", "A", side, quantity, price, fee, T0.AddSeconds(seconds));

    [Test]
    public void Partial_fills_of_one_order_are_one_entry_and_a_scale_in_is_an_entry_with_its_own_exits()
    {
        Bar B(int minute, double o, double h, double l, double c) => WhatIfExitTests.B(minute, o, h, l, c);
        var fills = new[]
        {
            F("x1", "A", Side.Buy, 1, 100, 0.5, 10),
            F("x2", "A", Side.Buy, 1, 100.2, 0.5, 20),
            F("x3", "B", Side.Buy, 1, 101, 0.5, 90),
            F("x4", "C", Side.Sell, 3, 99, 1.5, 300),
        };
        var entries = WhatIfEntries.From(fills, "ES");

        // Order A: 2 at (100 + 100.2) / 2 = 100.1 from 10:00:10 with fees 1; order B (the scale-in): 1 at 101, 10:01:30.
        Assert.That(entries, Has.Count.EqualTo(2));
        Assert.That(entries[0].Quantity, Is.EqualTo(2));
        Assert.That(entries[0].Price, Is.EqualTo(100.1).Within(Tol));
        Assert.That(entries[0].Fee, Is.EqualTo(1).Within(Tol));
        Assert.That(entries[0].TimeUtc, Is.EqualTo(T0.AddSeconds(10)));
        Assert.That(entries[1].Price, Is.EqualTo(101));
        Assert.That(entries[1].Side, Is.EqualTo(TradeSide.Long));

        var market = new WhatIfMarket
        {
            Bars =
            [
                B(0, 100, 100.5, 99.5, 100.2), B(1, 100.5, 101.5, 100, 101), B(2, 101, 102.5, 99.5, 102), B(3, 102, 103.2, 101.8, 103),
            ],
            PointValue = 1,
            TickSize = 0.25,
            FeePerContract = 0.5,
        };
        var cell = WhatIfSimulator.Run(market, entries, new WhatIfGrid([ExitLevel.Parse("2pt")], [ExitLevel.Parse("2pt")])).Cells.Single();

        // A (bar 0): stop 98.1, target 102.1 from bar 1. Bar 1: high 101.5, low 100: neither. Bar 2: high 102.5 ≥ 102.1
        // (low 99.5 > 98.1) → out at 102.1: (102.1 − 100.1) × 2 = 4, fees 1 + 0.5 × 2 = 2, net 2.
        // B (bar 1): stop 99, target 103 from bar 2. Bar 2: low 99.5 > 99, high 102.5 < 103. Bar 3: high 103.2 → 103:
        // (103 − 101) × 1 = 2, fees 0.5 + 0.5 = 1, net 1. Together 3, two wins.
        Assert.That(cell.TargetExits, Is.EqualTo(2));
        Assert.That(cell.Figures.Trades, Is.EqualTo(2));
        Assert.That(cell.Figures.NetPnl, Is.EqualTo(3).Within(Tol));
    }

    [Test]
    public void Figures_count_open_trades_in_net_and_drawdown_and_closed_ones_in_the_rates()
    {
        var figures = WhatIfFigures.Of([new(3, 1.5, false), new(-2, -1, false), new(-4, -2, false), new(1, 0.5, true)]);

        // Net 3 − 2 − 4 + 1 = −2. Equity 3, 1, −3, −2: peak 3, deepest 3 − (−3) = 6.
        // Closed: 1 win of 3 → 33.3 %; profit factor 3 / 6 = 0.5; average R (1.5 − 1 − 2) / 3 = −0.5.
        Assert.That(figures.NetPnl, Is.EqualTo(-2).Within(Tol));
        Assert.That(figures.MaxDrawdown, Is.EqualTo(6).Within(Tol));
        Assert.That(figures.WinRate, Is.EqualTo(100.0 / 3).Within(Tol));
        Assert.That(figures.ProfitFactor, Is.EqualTo(0.5).Within(Tol));
        Assert.That(figures.AverageR, Is.EqualTo(-0.5).Within(Tol));
        Assert.That(figures.Open, Is.EqualTo(1));
        Assert.That(figures.Trades, Is.EqualTo(4));
    }

    [Test]
    public void Grid_luck_needs_five_cells_and_sixteen_trades_and_then_uses_every_cell_and_trade()
    {
        var (market, entries) = Alternating(20);
        var small = WhatIfSimulator.Run(market, entries, new WhatIfGrid([ExitLevel.Parse("1pt")], [ExitLevel.Parse("1pt")]));
        Assert.That(small.Luck.Pbo, Is.Null);
        Assert.That(small.Luck.PboNotEnough?.Text, Is.EqualTo("not enough cells (1; needs 5)"));
        Assert.That(small.Luck.DeflatedSharpeNotEnough, Is.Not.Null);

        var stops = new ExitLevel?[] { ExitLevel.Parse("1pt"), ExitLevel.Parse("2pt"), ExitLevel.Parse("3pt") };
        var targets = new ExitLevel?[] { ExitLevel.Parse("1pt"), ExitLevel.Parse("2pt") };
        var grid = WhatIfSimulator.Run(market, entries, new WhatIfGrid(stops, targets));
        Assert.That(grid.Cells, Has.Count.EqualTo(6));
        Assert.That(grid.Luck.Pbo!.Passes, Is.EqualTo(6));
        Assert.That(grid.Luck.Pbo.Periods, Is.EqualTo(20));
        Assert.That(grid.Luck.Pbo.Probability, Is.InRange(0.0, 1.0));
        Assert.That(grid.Luck.Trials, Is.EqualTo(6));
        // The best cell is the one with the highest net PnL.
        var best = grid.Cells.Max(c => c.Figures.NetPnl);
        Assert.That(grid.Cells[grid.Luck.BestCell!.Value].Figures.NetPnl, Is.EqualTo(best));
        Assert.That(grid.Luck.DeflatedSharpe, Is.InRange(0.0, 1.0));

        var fewTrades = WhatIfSimulator.Run(market, entries.Take(10).ToList(), new WhatIfGrid(stops, targets));
        Assert.That(fewTrades.Luck.PboNotEnough?.Text, Is.EqualTo("not enough trades (10; needs 16)"));
    }

    /// <summary>Long entries every 4 bars over bars that swing up and down by different amounts.</summary>
    private static (WhatIfMarket, List<WhatIfEntry>) Alternating(int trades)
    {
        var bars = new List<Bar>();
        var entries = new List<WhatIfEntry>();
        for (var k = 0; k < trades; k++)
        {
            var swing = 1 + (k % 3);
            var m = k * 4;
            bars.Add(WhatIfExitTests.B(m, 100, 100.2, 99.8, 100));
            bars.Add(WhatIfExitTests.B(m + 1, 100, 100 + (k % 2 == 0 ? swing : 0.5), 100 - (k % 2 == 0 ? 0.5 : swing), 100));
            bars.Add(WhatIfExitTests.B(m + 2, 100, 100 + swing, 100 - swing, 100));
            bars.Add(WhatIfExitTests.B(m + 3, 100, 100.2, 99.8, 100));
            entries.Add(new WhatIfEntry(T0.AddMinutes(m).AddSeconds(30), TradeSide.Long, 1, 100, 0));
        }

        return (new WhatIfMarket { Bars = bars, PointValue = 1, TickSize = 0.25 }, entries);
    }
}
