namespace QuantowerRecorder.Analytics.WhatIf;

/// <summary>
/// Re-simulates the exits of a run's recorded entries on its recorded bars over a grid of stops and targets
/// (docs/metrics.md, "What-if exits").
/// </summary>
public static class WhatIfSimulator
{
    /// <summary>
    /// Every cell of <paramref name="grid"/> over <paramref name="entries"/>. Entries before the first bar are left
    /// out of every cell, and so are, when a level is in ATR multiples, entries with fewer than 14 bars before their
    /// bar: every cell has the same trades, which PBO needs.
    /// </summary>
    /// <exception cref="ArgumentException">A level is in ticks and the market has no tick size.</exception>
    public static WhatIfResult Run(WhatIfMarket market, IReadOnlyList<WhatIfEntry> entries, WhatIfGrid grid)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(grid);
        if (grid.UsesTicks && market.TickSize is not > 0)
        {
            throw new ArgumentException("A level is in ticks, and the instrument has no tick size recorded; give it in points (pt) or percent (%).");
        }

        var bars = new BarArrays(market.Bars);
        var simulator = new ExitSimulator(bars, market.FinerBars.Count > 0 ? new BarArrays(market.FinerBars) : null);
        var atr = grid.UsesAtr ? AverageTrueRange(bars) : null;
        var kept = new List<(WhatIfEntry Entry, int Bar, double Atr)>(entries.Count);
        int beforeBars = 0, beforeAtr = 0;
        foreach (var entry in entries)
        {
            var bar = bars.IndexAt(entry.TimeUtc.Ticks);
            if (bar < 0)
            {
                beforeBars++;
            }
            else if (atr is not null && bar < WhatIfResult.AtrPeriod)
            {
                beforeAtr++;
            }
            else
            {
                kept.Add((entry, bar, atr is null ? 0 : (atr[bar] - atr[bar - WhatIfResult.AtrPeriod]) / WhatIfResult.AtrPeriod));
            }
        }

        var tick = market.TickSize ?? 0;
        var cells = new List<WhatIfCell>(grid.Stops.Count * grid.Targets.Count);
        var columns = new double[grid.Stops.Count * grid.Targets.Count][];
        foreach (var stop in grid.Stops)
        {
            foreach (var target in grid.Targets)
            {
                var column = new double[kept.Count];
                cells.Add(Cell(simulator, market, kept, stop, target, grid, tick, column));
                columns[cells.Count - 1] = column;
            }
        }

        return new WhatIfResult(grid, cells, kept.Count, beforeBars, beforeAtr, GridLuck.Of(columns, cells), market.Assumptions);
    }

    private static WhatIfCell Cell(
        ExitSimulator simulator, WhatIfMarket market, List<(WhatIfEntry Entry, int Bar, double Atr)> kept,
        ExitLevel? stop, ExitLevel? target, WhatIfGrid grid, double tick, double[] column)
    {
        var exits = new int[kept.Count];
        var outcomes = new TradeOutcome[kept.Count];
        int stops = 0, targets = 0, trailing = 0, time = 0, finer = 0, assumed = 0;
        for (var k = 0; k < kept.Count; k++)
        {
            var (entry, bar, atr) = kept[k];
            var dir = entry.Side == TradeSide.Long ? 1 : -1;
            var ds = stop?.Distance(entry.Price, tick, atr);
            var dt = target?.Distance(entry.Price, tick, atr);
            var dtrail = grid.Trail?.Distance(entry.Price, tick, atr);
            var exit = simulator.Run(bar, dir, entry.Price, ds, dt, dtrail, grid.MaxBars);
            var slippage = exit.Kind switch
            {
                ExitKind.Stop or ExitKind.TrailingStop => market.StopSlippageTicks,
                ExitKind.Target => market.LimitSlippageTicks,
                ExitKind.Time => market.MarketSlippageTicks,
                _ => 0,
            };

            // Slippage is worse for the trader: lower for a long's exit (a sell), higher for a short's.
            var price = exit.Price - (dir * slippage * tick);
            var open = exit.Kind == ExitKind.Open;
            var gross = (price - entry.Price) * dir * entry.Quantity * market.PointValue;
            var net = gross - entry.Fee - (open ? 0 : market.FeePerContract * entry.Quantity);
            var risk = (ds ?? dtrail) is { } d && d > 0 ? d * entry.Quantity * market.PointValue : (double?)null;
            outcomes[k] = new TradeOutcome(net, net / risk, open);
            exits[k] = open ? int.MaxValue : exit.Bar;
            column[k] = net;
            stops += exit.Kind == ExitKind.Stop ? 1 : 0;
            targets += exit.Kind == ExitKind.Target ? 1 : 0;
            trailing += exit.Kind == ExitKind.TrailingStop ? 1 : 0;
            time += exit.Kind == ExitKind.Time ? 1 : 0;
            finer += exit.Both == BothLevels.OrderedByFinerSeries ? 1 : 0;
            assumed += exit.Both == BothLevels.StopFirstAssumed ? 1 : 0;
        }

        // Exit order for the drawdown: by exit bar, entries in order within a bar (Array.Sort is not stable).
        var order = new int[kept.Count];
        for (var k = 0; k < order.Length; k++)
        {
            order[k] = k;
        }

        var keys = new long[kept.Count];
        for (var k = 0; k < keys.Length; k++)
        {
            keys[k] = ((long)exits[k] << 24) + k;
        }

        Array.Sort(keys, order);
        var inExitOrder = new TradeOutcome[kept.Count];
        for (var k = 0; k < order.Length; k++)
        {
            inExitOrder[k] = outcomes[order[k]];
        }

        var sharpe = Stats.Moments.SampleStdDev(column) is { } sd && sd > 0 ? Stats.Moments.Mean(column) / sd : (double?)null;
        return new WhatIfCell(stop, target, WhatIfFigures.Of(inExitOrder), stops, targets, trailing, time, finer, assumed, sharpe);
    }

    /// <summary>
    /// ATR(14) as a level in ATR multiples uses it for an entry at <paramref name="timeUtc"/>: the mean true range of
    /// the 14 bars before the bar that time falls in; null with fewer than 14 such bars. <paramref name="bars"/> in time order.
    /// </summary>
    public static double? AtrAt(IReadOnlyList<Bar> bars, DateTime timeUtc)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var lo = 0;
        var hi = bars.Count - 1;
        var entry = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            if (bars[mid].TimeUtc <= timeUtc)
            {
                entry = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        if (entry < WhatIfResult.AtrPeriod)
        {
            return null;
        }

        var sum = 0.0;
        for (var i = entry - WhatIfResult.AtrPeriod; i < entry; i++)
        {
            var range = bars[i].High - bars[i].Low;
            sum += i == 0 ? range : Math.Max(range, Math.Max(Math.Abs(bars[i].High - bars[i - 1].Close), Math.Abs(bars[i].Low - bars[i - 1].Close)));
        }

        return sum / WhatIfResult.AtrPeriod;
    }

    /// <summary>
    /// Running sums of the true range (sum[i] = TR of bars 0 … i − 1), so ATR(14) of the 14 bars before bar e — the
    /// bars that had closed when the entry filled — is (sum[e] − sum[e − 14]) / 14. TR = max(H − L, |H − C₋₁|, |L − C₋₁|);
    /// the first bar's is H − L.
    /// </summary>
    private static double[] AverageTrueRange(BarArrays bars)
    {
        var sums = new double[bars.Count + 1];
        for (var i = 0; i < bars.Count; i++)
        {
            var range = bars.High[i] - bars.Low[i];
            if (i > 0)
            {
                range = Math.Max(range, Math.Max(Math.Abs(bars.High[i] - bars.Close[i - 1]), Math.Abs(bars.Low[i] - bars.Close[i - 1])));
            }

            sums[i + 1] = sums[i] + range;
        }

        return sums;
    }
}
