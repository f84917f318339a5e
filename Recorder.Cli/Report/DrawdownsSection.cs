using System.Globalization;
using System.Text;
using QuantowerRecorder.Cli.Output;

namespace QuantowerRecorder.Cli.Report;

/// <summary>The five worst drawdowns of each run (Analytics' DrawdownEpisodes): start, valley, recovery, depth, length.</summary>
internal static class DrawdownsSection
{
    public static void Write(StringBuilder html, ReportModel model)
    {
        html.Append(CultureInfo.InvariantCulture, $"<table id=\"worst-drawdowns\"><tr><th>Run</th><th>#</th><th>Start (UTC)</th><th>Valley (UTC)</th><th>Recovery (UTC)</th><th>Depth ({Html.Text(model.CurrencyLabel)})</th><th>Depth %</th><th>Length (days)</th></tr>\n");
        foreach (var run in model.Runs)
        {
            var episodes = run.Insight.WorstDrawdowns;
            if (episodes.Count == 0)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Html.Swatch(run.Color)}{Html.Text(run.Label)}</td><td colspan=\"7\" class=\"muted\">No drawdown.</td></tr>\n");
            }

            for (var i = 0; i < episodes.Count; i++)
            {
                var e = episodes[i];
                html.Append(CultureInfo.InvariantCulture, $"<tr data-run=\"{Html.Text(run.Run.RunId)}\"><td>{(i == 0 ? Html.Swatch(run.Color) + Html.Text(run.Label) : "")}</td><td>{i + 1}</td>");
                html.Append(CultureInfo.InvariantCulture, $"<td>{Html.Time(e.StartUtc)}</td><td>{Html.Time(e.ValleyUtc)}</td>");
                html.Append(CultureInfo.InvariantCulture, $"<td>{(e.RecoveryUtc is { } r ? Html.Time(r) : "not recovered")}</td>");
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"neg\">{Numbers.Display(-e.Depth, "money")}</td><td>{Numbers.Display(e.DepthPct is { } p ? -p : null, "pct")}</td>");
                html.Append(CultureInfo.InvariantCulture, $"<td>{e.Length.TotalDays:0.0}</td></tr>\n");
            }
        }

        html.Append("</table>\n<p class=\"note\">An episode runs from the last point at the peak to the first point back at it (docs/metrics.md, \"Worst drawdowns\"); length to recovery, or to the run's last point when it never recovered.</p>\n");
    }
}
