namespace QuantowerRecorder.Analytics.WhatIf;

/// <summary>
/// One entry's exit under one cell's levels (docs/metrics.md, "What-if exits"): from the bar after the entry's bar on,
/// the first bar whose range reaches the stop or the target closes it; a bar that opens beyond a level fills at its
/// open; a bar that reaches both is ordered by the finer series when it can be, else the stop is taken first.
/// </summary>
internal sealed class ExitSimulator(BarArrays bars, BarArrays? finer)
{
    /// <summary>
    /// Simulates one entry of direction <paramref name="dir"/> (+1 long, −1 short) at <paramref name="price"/> in bar
    /// <paramref name="entryBar"/>. Distances are in price units, null for no such level. Fill prices are before slippage.
    /// </summary>
    public SimulatedExit Run(int entryBar, int dir, double price, double? stop, double? target, double? trail, int? maxBars)
    {
        var last = bars.Count - 1;
        var from = entryBar + 1;
        var to = maxBars is { } n ? (int)Math.Min(last, (long)entryBar + n) : last;
        var exit = trail is null ? Fixed(from, to, dir, price, stop, target) : Trailing(from, to, dir, price, stop, target, trail.Value);
        if (exit is { } found)
        {
            return found;
        }

        return maxBars is { } m && (long)entryBar + m <= last
            ? new SimulatedExit(entryBar + m, bars.Close[entryBar + m], ExitKind.Time, BothLevels.No)
            : new SimulatedExit(last, bars.Close[last], ExitKind.Open, BothLevels.No);
    }

    private SimulatedExit? Fixed(int from, int to, int dir, double price, double? stop, double? target)
    {
        double? s = stop is { } ds ? price - (dir * ds) : null;
        double? t = target is { } dt ? price + (dir * dt) : null;
        var atStop = s is { } sl ? (dir > 0 ? bars.FirstLowAtOrBelow(from, to, sl) : bars.FirstHighAtOrAbove(from, to, sl)) : -1;
        var atTarget = t is { } tp ? (dir > 0 ? bars.FirstHighAtOrAbove(from, to, tp) : bars.FirstLowAtOrBelow(from, to, tp)) : -1;
        if (atStop < 0 && atTarget < 0)
        {
            return null;
        }

        if (atTarget < 0 || (atStop >= 0 && atStop < atTarget))
        {
            return Hit(atStop, dir, s!.Value, ExitKind.Stop, BothLevels.No);
        }

        if (atStop < 0 || atTarget < atStop)
        {
            return Hit(atTarget, dir, t!.Value, ExitKind.Target, BothLevels.No);
        }

        return Both(atStop, dir, s!.Value, t!.Value, ExitKind.Stop);
    }

    private SimulatedExit? Trailing(int from, int to, int dir, double price, double? stop, double? target, double trail)
    {
        // The best price so far is that of the bars already closed: a bar's own extreme moves the stop for the next
        // bar only, since the bar's range does not say whether its extreme came before its low (high).
        var best = price;
        double? t = target is { } dt ? price + (dir * dt) : null;
        for (var i = from; i <= to; i++)
        {
            var trailing = best - (dir * trail);
            var s = trailing;
            var kind = ExitKind.TrailingStop;
            if (stop is { } ds && dir * (price - (dir * ds)) >= dir * trailing)
            {
                s = price - (dir * ds);
                kind = ExitKind.Stop;
            }

            var stopHit = dir > 0 ? bars.Low[i] <= s : bars.High[i] >= s;
            var targetHit = t is { } tp && (dir > 0 ? bars.High[i] >= tp : bars.Low[i] <= tp);
            if (stopHit && targetHit)
            {
                return Both(i, dir, s, t!.Value, kind);
            }

            if (stopHit)
            {
                return Hit(i, dir, s, kind, BothLevels.No);
            }

            if (targetHit)
            {
                return Hit(i, dir, t!.Value, ExitKind.Target, BothLevels.No);
            }

            best = dir > 0 ? Math.Max(best, bars.High[i]) : Math.Min(best, bars.Low[i]);
        }

        return null;
    }

    /// <summary>Bar <paramref name="i"/> reaches both levels: a gap beyond one decides, then the finer series, then the stop.</summary>
    private SimulatedExit Both(int i, int dir, double s, double t, ExitKind stopKind)
    {
        var open = bars.Open[i];
        if (dir * (open - s) <= 0)
        {
            return new SimulatedExit(i, open, stopKind, BothLevels.No);
        }

        if (dir * (open - t) >= 0)
        {
            return new SimulatedExit(i, open, ExitKind.Target, BothLevels.No);
        }

        if (FinerOrder(i, dir, s, t) is { } targetFirst)
        {
            return targetFirst
                ? new SimulatedExit(i, t, ExitKind.Target, BothLevels.OrderedByFinerSeries)
                : new SimulatedExit(i, s, stopKind, BothLevels.OrderedByFinerSeries);
        }

        return new SimulatedExit(i, s, stopKind, BothLevels.StopFirstAssumed);
    }

    /// <summary>
    /// Whether the target came first inside bar <paramref name="i"/> by the finer bars that open within it: the first
    /// finer bar that reaches either level decides when it reaches only one; null when it reaches both (the caller then
    /// assumes the stop) or no finer bar in the bar reaches a level (the finer series does not cover it).
    /// </summary>
    private bool? FinerOrder(int i, int dir, double s, double t)
    {
        if (finer is null || finer.Count == 0)
        {
            return null;
        }

        var end = i + 1 < bars.Count ? bars.Start[i + 1] : long.MaxValue;
        var j = finer.IndexAt(bars.Start[i] - 1) + 1;
        for (; j < finer.Count && finer.Start[j] < end; j++)
        {
            var stopHit = dir > 0 ? finer.Low[j] <= s : finer.High[j] >= s;
            var targetHit = dir > 0 ? finer.High[j] >= t : finer.Low[j] <= t;
            if (stopHit || targetHit)
            {
                return stopHit && targetHit ? null : targetHit;
            }
        }

        return null;
    }

    /// <summary>A level reached at bar <paramref name="i"/>: filled at the level, or at the open when the bar opened beyond it.</summary>
    private SimulatedExit Hit(int i, int dir, double level, ExitKind kind, BothLevels both)
    {
        var open = bars.Open[i];
        var beyond = kind == ExitKind.Target ? dir * (open - level) > 0 : dir * (open - level) < 0;
        return new SimulatedExit(i, beyond ? open : level, kind, both);
    }
}
