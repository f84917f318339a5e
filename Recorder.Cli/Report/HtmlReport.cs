using System.Globalization;
using System.Text;
using QuantowerRecorder.Cli.Metrics;
using QuantowerRecorder.Cli.Output;

namespace QuantowerRecorder.Cli.Report;

/// <summary>
/// Builds the single-file HTML report: inline CSS and inline SVG only, and a content security policy that forbids
/// loading anything, so it renders the same offline, from an e-mail attachment, or years later.
/// </summary>
internal static class HtmlReport
{
    private const int MaxTradeRowsPerRun = 2000;

    public static string Build(IReadOnlyList<ReportRun> runs, Comparison comparison, string databaseName, DateTimeOffset generatedUtc)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<title>Recorder report: {Svg.Text(string.Join(", ", runs.Select(r => r.Run.StrategyName).Distinct(StringComparer.Ordinal)))}</title>\n");
        html.Append("<style>").Append(ReportStyle.Css).Append("</style>\n</head>\n<body>\n");
        html.Append("<h1>Strategy run report</h1>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{runs.Count} run(s) from {Svg.Text(databaseName)} · generated {generatedUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC by recorder</p>\n");
        Runs(html, runs);
        foreach (var run in runs)
        {
            foreach (var warning in run.Warnings)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"warn\">{Svg.Text(run.Label)}: {Svg.Text(warning)}</p>\n");
            }
        }

        foreach (var note in comparison.Notes)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"warn\">{Svg.Text(note)}</p>\n");
        }

        var calendar = Overlapping(runs);
        var origin = runs.SelectMany(r => r.Equity).Select(e => e.TimeUtc).DefaultIfEmpty(DateTime.UnixEpoch).Min();
        html.Append("<h2>Equity</h2>\n");
        html.Append(calendar ? "" : "<p class=\"note\">The runs cover different periods; they are overlaid by days since each run's start.</p>\n");
        html.Append(LineChart.Render("equity-chart", Series(runs, calendar, e => e.Equity), XLabel(calendar, origin), "equity"));
        var percent = runs.All(r => r.Equity.Count == 0 || r.Equity.All(e => e.DrawdownPct is not null));
        html.Append("<h2>Drawdown</h2>\n");
        html.Append(LineChart.Render("drawdown-chart", Series(runs, calendar, e => -(percent ? e.DrawdownPct ?? 0 : e.Drawdown)),
            XLabel(calendar, origin), percent ? "drawdown %" : "drawdown", fillToZero: true));
        html.Append("<h2>Metrics</h2>\n");
        MetricsTable(html, comparison);
        html.Append("<h2>Monthly returns (%)</h2>\n");
        Monthly(html, runs);
        html.Append("<h2>Distribution of trade PnL</h2>\n");
        html.Append(Histogram.Render("pnl-histogram", runs.Select((r, i) =>
            (r.Label, Palette.Of(i), (IReadOnlyList<double>)r.Trades.Where(t => t.NetPnl is not null).Select(t => t.NetPnl!.Value).ToList())).ToList()));
        html.Append("<h2>Trades</h2>\n");
        for (var i = 0; i < runs.Count; i++)
        {
            Trades(html, runs[i], i, open: i == 0);
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Runs(StringBuilder html, IReadOnlyList<ReportRun> runs)
    {
        html.Append("<div class=\"scroll\"><table id=\"runs\"><tr><th>Run</th><th>Strategy</th><th>Parameters</th><th>Type</th><th>Status</th><th>Period (UTC)</th><th>Initial balance</th></tr>\n");
        for (var i = 0; i < runs.Count; i++)
        {
            var r = runs[i].Run;
            html.Append(CultureInfo.InvariantCulture, $"<tr><td><span class=\"swatch\" style=\"background:{Palette.Of(i)}\"></span>{Svg.Text(runs[i].Label)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{Svg.Text($"{r.StrategyName} {r.StrategyVersion}")}</td><td class=\"wrap\">{Svg.Text(Parameters.Compact(r.ParametersJson))}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{Svg.Text(r.RunType)}</td><td>{Svg.Text(r.Status)}</td><td>{Numbers.Time(r.StartUtc)} → {Numbers.Time(r.EndUtc)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{Svg.Text(Numbers.Display(r.InitialBalance, "money"))} {Svg.Text(r.BaseCurrency ?? "")}</td></tr>\n");
        }

        html.Append("</table></div>\n");
    }

    // Calendar time only when every pair of runs shares most of its time; otherwise the lines would sit side by side
    // (a backtest of Q1 next to a paper run in April) instead of being overlaid.
    private static bool Overlapping(IReadOnlyList<ReportRun> runs)
    {
        var ranges = runs.Where(r => r.Equity.Count > 0).Select(r => (Start: r.Equity[0].TimeUtc, End: r.Equity[^1].TimeUtc)).ToList();
        return ranges.All(a => ranges.All(b =>
        {
            var shared = (a.End < b.End ? a.End : b.End) - (a.Start > b.Start ? a.Start : b.Start);
            var shorter = Math.Min((a.End - a.Start).Ticks, (b.End - b.Start).Ticks);
            return shared.Ticks >= shorter / 2;
        }));
    }

    private static List<ChartSeries> Series(IReadOnlyList<ReportRun> runs, bool calendar, Func<EquitySample, double> value) =>
        runs.Select((r, i) =>
        {
            var start = r.Equity.Count > 0 ? r.Equity[0].TimeUtc : DateTime.UnixEpoch;
            var points = r.Equity.Select(e => ((calendar ? e.TimeUtc - DateTime.UnixEpoch : e.TimeUtc - start).TotalDays, value(e))).ToList();
            return new ChartSeries(r.Label, Palette.Of(i), points);
        }).ToList();

    private static Func<double, string> XLabel(bool calendar, DateTime origin) => calendar
        ? days => DateTime.UnixEpoch.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : days => "day " + Math.Round(days).ToString(CultureInfo.InvariantCulture);

    private static void MetricsTable(StringBuilder html, Comparison comparison)
    {
        html.Append("<div class=\"scroll\"><table id=\"metrics\"><tr><th>Metric</th>");
        foreach (var (subject, i) in comparison.Subjects.Select((s, i) => (s, i)))
        {
            html.Append(CultureInfo.InvariantCulture, $"<th class=\"wrap\"><span class=\"swatch\" style=\"background:{Palette.Of(i)}\"></span>{Svg.Text(subject.Label)}</th>");
        }

        html.Append("</tr>\n");
        foreach (var row in comparison.Rows)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Svg.Text(row.Key)}</td>");
            for (var i = 0; i < row.Values.Count; i++)
            {
                var best = row.Best.Contains(i);
                html.Append(best ? "<td class=\"best\">" : "<td>").Append(Svg.Text(Numbers.Display(row.Values[i], row.Unit))).Append(best ? " ★" : "").Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table></div>\n<p class=\"note\">★ best value of the row. Definitions: docs/metrics.md.</p>\n");
    }

    private static void Monthly(StringBuilder html, IReadOnlyList<ReportRun> runs)
    {
        var perRun = runs.Select(r => MonthlyReturns.Compute(r.Equity).ToDictionary(m => m.Month, m => m.ReturnPct, StringComparer.Ordinal)).ToList();
        var months = perRun.SelectMany(m => m.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        html.Append("<div class=\"scroll\"><table id=\"monthly\"><tr><th>Run</th>");
        foreach (var month in months)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{month}</th>");
        }

        html.Append("</tr>\n");
        for (var i = 0; i < runs.Count; i++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Svg.Text(runs[i].Label)}</td>");
            foreach (var month in months)
            {
                var value = perRun[i].TryGetValue(month, out var v) ? v : null;
                var css = value switch { > 0 => " class=\"pos\"", < 0 => " class=\"neg\"", _ => "" };
                html.Append(CultureInfo.InvariantCulture, $"<td{css}>{(value is { } x ? x.ToString("0.00", CultureInfo.InvariantCulture) : "")}</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table></div>\n");
    }

    private static void Trades(StringBuilder html, ReportRun run, int index, bool open)
    {
        html.Append(CultureInfo.InvariantCulture, $"<details{(open ? " open" : "")}><summary><span class=\"swatch\" style=\"background:{Palette.Of(index)}\"></span>{Svg.Text(run.Label)}: {run.Trades.Count} closed trade(s)</summary>\n");
        html.Append("<div class=\"scroll\"><table class=\"trades\"><tr><th>#</th><th>Side</th><th>Qty</th><th>Entry (UTC)</th><th>Entry</th><th>Exit (UTC)</th><th>Exit</th><th>Net PnL</th><th>R</th><th>Exit reason</th><th>Entry tag</th></tr>\n");
        foreach (var t in run.Trades.Take(MaxTradeRowsPerRun))
        {
            var css = t.NetPnl switch { > 0 => " class=\"pos\"", < 0 => " class=\"neg\"", _ => "" };
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{t.Number}</td><td>{Svg.Text(t.Side)}</td><td>{Numbers.Display(t.Quantity)}</td><td>{Numbers.Time(t.EntryUtc)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{Numbers.Display(t.EntryPrice)}</td><td>{Numbers.Time(t.ExitUtc)}</td><td>{Numbers.Display(t.ExitPrice)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td{css}>{Numbers.Display(t.NetPnl, "money")}</td><td>{Numbers.Display(t.RMultiple)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{Svg.Text(t.ExitReason ?? "")}</td><td>{Svg.Text(t.EntryTag ?? "")}</td></tr>\n");
        }

        html.Append("</table></div>\n");
        if (run.Trades.Count > MaxTradeRowsPerRun)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">First {MaxTradeRowsPerRun} of {run.Trades.Count} trades; all of them: <code>recorder export {Svg.Text(run.Run.RunId)} --what trades</code>.</p>\n");
        }

        html.Append("</details>\n");
    }
}
