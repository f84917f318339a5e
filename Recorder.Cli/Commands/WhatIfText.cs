using System.Globalization;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.ReadModels;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>
/// `recorder whatif` as text: what was simulated and on what, the net PnL heatmap (stops down, targets across, the
/// cell nearest the run's own exits marked *), every cell's figures beside the run's actual ones, the grid's luck and
/// what had to be assumed. Fits 80 columns.
/// </summary>
internal static class WhatIfText
{
    public static void Write(CliContext context, WhatIfRecord r, bool wide)
    {
        var width = wide ? null : context.Layout(wide: false).Width;
        void Say(string text, string indent = "")
        {
            foreach (var line in Wrap.Indented(indent, text, width))
            {
                context.Line(line);
            }
        }

        var currency = r.Currency ?? "currency";
        var series = $"{r.Symbol} {r.Timeframe ?? "bars"} ({Numbers.Display(r.Bars, "count")} bars" + (r.FinerTimeframe is { } f ? $", {f} to order bars reaching both levels)" : ")");
        Say($"What-if exits of run {r.RunId} · {series} · {Numbers.Display(r.Entries, "count")} entries · point value {Numbers.Display(r.PointValue)} {r.Currency}".TrimEnd());
        var leftOut = (r.LeftOutBeforeBars > 0 ? $" {r.LeftOutBeforeBars} entries before the first bar left out." : "")
            + (r.LeftOutBeforeAtr > 0 ? $" {r.LeftOutBeforeAtr} entries with fewer than {r.AtrPeriod} bars before them left out (ATR levels)." : "");
        Say("Each entry kept as recorded; its exit simulated from the bar after its entry's bar. " +
            $"Fees {Numbers.Display(r.FeePerContract)} per contract per exit; slippage {Ticks(r.StopSlippageTicks)} on stops, {Ticks(r.LimitSlippageTicks)} on targets" +
            (r.MaxBars is null ? "" : $", {Ticks(r.MarketSlippageTicks)} on time exits") + "." +
            $" Trailing stop: {r.Trail ?? "none"}; time exit: {(r.MaxBars is { } n ? $"after {n} bars" : "none")}.{leftOut}");
        context.Line();
        Heatmap(context, r, currency);
        context.Line();
        Cells(context, r, wide);
        Say("both: exit bars that reached the stop and the target (stop first unless a finer series ordered them). " +
            "max DD: of the trades' cumulative net PnL in exit order (closed trades), not of the equity marked to market " +
            "as the run's max_drawdown.");
        var a = r.Actual;
        Say($"Actual: net {Numbers.Display(a.NetPnl, "money")} · {Trades(a)} · win {Numbers.Display(a.WinRate, "pct")} · PF {Numbers.Display(a.ProfitFactor)} · " +
            $"max DD (closed trades) {Numbers.Display(a.MaxDrawdown, "money")} · avg R {Numbers.Display(a.AvgR)}" + ActualExits(r) + ".");
        if (OwnLevels(r) is { } own)
        {
            Say(own);
        }

        context.Line();
        Say(Luck(r));
        foreach (var assumption in r.Assumptions)
        {
            Say("Assumed: " + assumption);
        }
    }

    private static void Heatmap(CliContext context, WhatIfRecord r, string currency)
    {
        var marked = r.ActualExits is { StopIndex: { } si } x ? (Stop: si, Target: x.TargetIndex ?? (r.Targets.Count == 1 ? 0 : -1)) : (Stop: -1, Target: -1);
        if (r.ActualExits.StopIndex is null && r.ActualExits.TargetIndex is { } ti && r.Stops.Count == 1)
        {
            marked = (0, ti);
        }

        context.Line($"Net PnL ({currency}), stops down, targets across{(marked.Stop >= 0 && marked.Target >= 0 ? "; * nearest the run's own exits" : "")}:");

        // Laid out by hand with one space between columns, so that ten targets of 6-character figures fit 80 columns.
        var rows = new List<string[]>();
        rows.Add(["stop", .. r.Targets.Select(t => t ?? "none")]);
        for (var s = 0; s < r.Stops.Count; s++)
        {
            var row = new string[r.Targets.Count + 1];
            row[0] = r.Stops[s] ?? "none";
            for (var t = 0; t < r.Targets.Count; t++)
            {
                row[t + 1] = Compact(r.Cells[(s * r.Targets.Count) + t].Figures.NetPnl) + (s == marked.Stop && t == marked.Target ? "*" : "");
            }

            rows.Add(row);
        }

        var widths = Enumerable.Range(0, r.Targets.Count + 1).Select(c => rows.Max(row => row[c].Length)).ToArray();
        foreach (var row in rows)
        {
            context.Line(string.Join(' ', row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd());
        }
    }

    private static void Cells(CliContext context, WhatIfRecord r, bool wide)
    {
        var table = new TextTable(
            new TextColumn("stop"), new TextColumn("target"), new TextColumn("net PnL", RightAligned: true), new TextColumn("trades", RightAligned: true),
            new TextColumn("win %", RightAligned: true), new TextColumn("PF", RightAligned: true, DropOrder: 3),
            new TextColumn("max DD", RightAligned: true), new TextColumn("avg R", RightAligned: true, DropOrder: 2),
            new TextColumn("both", RightAligned: true, DropOrder: 1));
        foreach (var c in r.Cells)
        {
            var f = c.Figures;
            table.Add(c.Stop ?? "none", c.Target ?? "none", Numbers.Display(f.NetPnl, "money"),
                f.Open > 0 ? $"{f.Trades} ({f.Open} open)" : f.Trades.ToString(CultureInfo.InvariantCulture),
                f.WinRate is { } w ? w.ToString("0.0", CultureInfo.InvariantCulture) : "–", Numbers.Display(f.ProfitFactor), Numbers.Display(f.MaxDrawdown, "money"), Numbers.Display(f.AvgR),
                (c.BothStopFirstAssumed + c.BothOrderedByFinerSeries).ToString(CultureInfo.InvariantCulture));
        }

        context.Table(table, wide);
    }

    private static string Luck(WhatIfRecord r)
    {
        var l = r.Luck;
        var pbo = l.Pbo is { } p
            ? $"PBO {p.ToString("0.00", CultureInfo.InvariantCulture)} (CSCV, the {r.Cells.Count} cells as passes, the {r.Entries} trades as periods in {l.Partitions} partitions, {Numbers.Display(l.Splits, "count")} splits)"
            : $"PBO: {l.PboNotEnough?.Text ?? "not computed"}";
        var best = l.BestCell is { } b ? r.Cells[b] : null;
        var dsr = l.DeflatedSharpe is { } d
            ? $"deflated Sharpe of the best cell ({best!.Stop ?? "no stop"} / {best.Target ?? "no target"}) {d.ToString("0.00", CultureInfo.InvariantCulture)} against {l.Trials} cells as trials (per-trade Sharpe ratios)"
            : $"deflated Sharpe of the best cell: {l.DeflatedSharpeNotEnough?.Text ?? "not computed"}";
        return $"Is the best cell luck? {pbo}; {dsr}. A PBO near 0.5 or above, or a deflated Sharpe below 0.95, says its edge over the other cells may be luck.";
    }

    private static string ActualExits(WhatIfRecord r)
    {
        var e = r.ActualExits;
        var parts = new List<string>();
        if (e.Stop is { } s)
        {
            parts.Add($"its stops ≈ {Numbers.Display(s)}{Unit(r.Stops)}");
        }

        if (e.Target is { } t)
        {
            parts.Add($"its targets ≈ {Numbers.Display(t)}{Unit(r.Targets)}");
        }

        return parts.Count > 0 ? $" ({string.Join(", ", parts)}, medians)" : "";
    }

    /// <summary>The marked cell against the run's actual net PnL: the same, or by how much and why it differs.</summary>
    internal static string? OwnLevels(WhatIfRecord r)
    {
        if (r.OwnLevels is not { } o)
        {
            return null;
        }

        var cell = $"At its own levels (stop {o.Stop ?? "none"} / target {o.Target ?? "none"}): net {Numbers.Display(o.NetPnl, "money")}";
        return o.Reasons.Count == 0
            ? cell + ", as the run made."
            : cell + $", {Numbers.Display(Math.Abs(o.Difference), "money")} {(o.Difference < 0 ? "less" : "more")} than the run made ({Numbers.Display(o.ActualNetPnl, "money")}): " + string.Join("; ", o.Reasons) + ".";
    }

    private static string Unit(IReadOnlyList<string?> levels)
    {
        var first = levels.FirstOrDefault(l => l is not null) ?? "";
        return first.EndsWith('%') ? "%" : first.EndsWith("pt", StringComparison.Ordinal) ? "pt" : first.EndsWith('t') ? "t" : "";
    }

    private static string Trades(WhatIfFiguresRecord f) => f.Open > 0 ? $"{f.Trades} trades ({f.Open} open)" : $"{f.Trades} trades";

    private static string Ticks(double ticks) => $"{Numbers.Display(ticks)} t";

    /// <summary>At most 6 characters, so that ten targets fit 80 columns: 123.4, -12.3k, 1.23M.</summary>
    internal static string Compact(double value)
    {
        var a = Math.Abs(value);
        return a < 1_000 ? value.ToString("0.#", CultureInfo.InvariantCulture)
            : a < 1_000_000 ? (value / 1_000).ToString("0.#", CultureInfo.InvariantCulture) + "k"
            : (value / 1_000_000).ToString("0.##", CultureInfo.InvariantCulture) + "M";
    }
}
