using System.Globalization;
using System.Text;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.ReadModels;

namespace QuantowerRecorder.Cli.Report;

/// <summary>
/// Each run's what-if exits over the default ATR grid (docs/metrics.md, "What-if exits"): a heatmap of net PnL as a
/// table coloured as the page's study heatmap is (the best cell ★ framed pink, the cell nearest the run's own exits
/// framed dashed), the actual figures beside the best cell's, the grid's luck and what was assumed.
/// </summary>
internal static class WhatIfSection
{
    // surface.js's colour scale, low to high.
    private static readonly (int R, int G, int B)[] Stops = [(0x2c, 0x1e, 0x5c), (0x3b, 0x52, 0x8b), (0x21, 0x91, 0x8c), (0x5e, 0xc9, 0x62), (0xfd, 0xe7, 0x25)];

    public static void Write(StringBuilder html, ReportModel model)
    {
        html.Append("<p class=\"note\">Every entry of the run kept as recorded and its exit simulated on the run's bars from the bar after its entry's bar, " +
            "for stops of 0.5 to 3 and targets of 1 to 4 times ATR(14); net PnL per cell. ★ and the pink frame mark the best cell, the dashed frame (◆ in the best cell) the cell nearest the run's own exits. " +
            "<code>recorder whatif &lt;run&gt; --stops … --targets …</code> tries any other grid.</p>\n");
        foreach (var run in model.Runs)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>{Html.Swatch(run.Color)}{Html.Text(run.Label)}</h3>\n");
            if (run.WhatIf?.Record is not { } r)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\">{Html.Text(run.WhatIf?.Why ?? "No what-if for this run.")}</p>\n");
                continue;
            }

            Heatmap(html, r);
            var best = r.Luck.BestCell is { } b ? r.Cells[b] : null;
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">Actual: {Figures(r.Actual)}.");
            if (best is not null)
            {
                html.Append(CultureInfo.InvariantCulture, $" Best cell (stop {Html.Text(best.Stop ?? "none")}, target {Html.Text(best.Target ?? "none")}): {Figures(best.Figures)}.");
            }

            html.Append("</p>\n");
            if (Commands.WhatIfText.OwnLevels(r) is { } own)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"note whatif-own\">{Html.Text(own)}</p>\n");
            }

            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note whatif-luck\">{Html.Text(Luck(r))}</p>\n");
            foreach (var assumption in r.Assumptions)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">Assumed: {Html.Text(assumption)}</p>\n");
            }
        }
    }

    private static void Heatmap(StringBuilder html, WhatIfRecord r)
    {
        var values = r.Cells.Select(c => c.Figures.NetPnl).ToList();
        double lo = values.Min(), hi = values.Max();
        var marked = (Stop: r.ActualExits.StopIndex ?? (r.ActualExits.TargetIndex is null ? -1 : 0), Target: r.ActualExits.TargetIndex ?? (r.ActualExits.StopIndex is null ? -1 : 0));
        html.Append(CultureInfo.InvariantCulture, $"<table class=\"whatif\" data-run=\"{Html.Text(r.RunId)}\"><tr><th>stop \\ target</th>");
        foreach (var t in r.Targets)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{Html.Text(t ?? "none")}</th>");
        }

        html.Append("</tr>\n");
        for (var s = 0; s < r.Stops.Count; s++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>{Html.Text(r.Stops[s] ?? "none")}</th>");
            for (var t = 0; t < r.Targets.Count; t++)
            {
                var i = (s * r.Targets.Count) + t;
                var v = values[i];
                var share = hi > lo ? (v - lo) / (hi - lo) : 1;
                var best = r.Luck.BestCell == i;
                var actual = s == marked.Stop && t == marked.Target;
                var border = best ? "outline:3px solid #ff4081;outline-offset:-3px;" : actual ? "outline:2px dashed #80deea;outline-offset:-4px;" : "";
                var classes = string.Join(' ', new[] { best ? "best" : null, actual ? "actual" : null }.OfType<string>());
                html.Append(CultureInfo.InvariantCulture,
                    $"<td class=\"{classes}\" style=\"background:{Colour(share)};color:{(share > 0.55 ? "#10151b" : "#e8edf2")};{border}text-align:right\">{Numbers.Display(v, "money")}{(best ? " ★" : "")}{(actual && best ? " ◆" : "")}</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n");
    }

    private static string Colour(double share)
    {
        var x = Math.Clamp(share, 0, 1) * (Stops.Length - 1);
        var i = Math.Min(Stops.Length - 2, (int)Math.Floor(x));
        var f = x - i;
        int Mix(int a, int b) => (int)Math.Round(a + ((b - a) * f));
        return $"rgb({Mix(Stops[i].R, Stops[i + 1].R)},{Mix(Stops[i].G, Stops[i + 1].G)},{Mix(Stops[i].B, Stops[i + 1].B)})";
    }

    private static string Figures(WhatIfFiguresRecord f) =>
        $"net {Numbers.Display(f.NetPnl, "money")} · {f.Trades} trades{(f.Open > 0 ? $" ({f.Open} open)" : "")} · win {Numbers.Display(f.WinRate, "pct")} · " +
        $"PF {Numbers.Display(f.ProfitFactor)} · max DD (closed trades) {Numbers.Display(f.MaxDrawdown, "money")} · avg R {Numbers.Display(f.AvgR)}";

    private static string Luck(WhatIfRecord r)
    {
        var l = r.Luck;
        var pbo = l.Pbo is { } p ? $"PBO {p.ToString("0.00", CultureInfo.InvariantCulture)} (the {r.Cells.Count} cells as passes, the {r.Entries} trades as periods)" : $"PBO: {l.PboNotEnough?.Text}";
        var dsr = l.DeflatedSharpe is { } d ? $"deflated Sharpe of the best cell {d.ToString("0.00", CultureInfo.InvariantCulture)} against {l.Trials} cells" : $"deflated Sharpe: {l.DeflatedSharpeNotEnough?.Text}";
        return $"Is the best cell luck? {pbo}; {dsr}.";
    }
}
