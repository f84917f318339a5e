using System.Globalization;
using System.Text;

namespace QuantowerRecorder.Cli.Report;

/// <summary>
/// A chart's place on the page: its legend (one entry per run, and a dashed one per buy-and-hold line when asked for),
/// the element the script draws into, an x axis title.
/// </summary>
internal static class ChartSection
{
    public static void Write(StringBuilder html, string id, IReadOnlyList<ReportRun> runs, string yTitle, string? xTitle = null, bool slots = false,
        bool benchmark = false)
    {
        html.Append(CultureInfo.InvariantCulture, $"<figure class=\"chart-box\" data-chart=\"{id}\"><div class=\"legend\" data-legend=\"{id}\">");
        foreach (var run in runs)
        {
            html.Append(CultureInfo.InvariantCulture, $"<span class=\"item\">{Html.Swatch(run.Color)}{Html.Text(run.Label)}</span>");
        }

        foreach (var run in runs.Where(r => benchmark && r.BenchmarkLabel is not null))
        {
            html.Append(CultureInfo.InvariantCulture, $"<span class=\"item benchmark\"><span class=\"dash\" style=\"border-color:{run.Color}\"></span>{Html.Text(run.BenchmarkLabel)}</span>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<span class=\"y-title\">{Html.Text(yTitle)}</span></div>");
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"chart\" id=\"{id}\"></div>");
        if (slots)
        {
            html.Append("<div class=\"x-axis\"></div>");
        }

        if (xTitle is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<figcaption>{Html.Text(xTitle)}</figcaption>");
        }

        html.Append("</figure>\n");
    }
}
