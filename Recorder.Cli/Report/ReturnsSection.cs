using System.Globalization;
using System.Text;
using QuantowerRecorder.Analytics.Insight;

namespace QuantowerRecorder.Cli.Report;

/// <summary>
/// Monthly returns as a heatmap per run (years × months, the year's return at the end of the row). A month without
/// an equity point of the run has no return and an empty, uncoloured cell.
/// </summary>
internal static class ReturnsSection
{
    private static readonly string[] MonthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    public static void Write(StringBuilder html, ReportModel model)
    {
        var all = model.Runs.SelectMany(r => r.Insight.Monthly.Concat(r.Insight.Annual)).Where(p => p.Return is not null).Select(p => Math.Abs(p.Return!.Value)).ToList();
        var scale = all.Count > 0 ? Math.Max(all.Max(), 1e-9) : 1;
        foreach (var run in model.Runs)
        {
            html.Append(CultureInfo.InvariantCulture, $"<table class=\"monthly\" data-run=\"{Html.Text(run.Run.RunId)}\"><caption>{Html.Swatch(run.Color)}{Html.Text(run.Label)}</caption><tr><th>Year</th>");
            foreach (var name in MonthNames)
            {
                html.Append(CultureInfo.InvariantCulture, $"<th>{name}</th>");
            }

            html.Append("<th>Annual</th></tr>\n");
            var months = run.Insight.Monthly.ToDictionary(m => (m.Year, m.Month ?? 0));
            foreach (var year in run.Insight.Annual)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><th>{year.Year}</th>");
                for (var month = 1; month <= 12; month++)
                {
                    if (months.TryGetValue((year.Year, month), out var m))
                    {
                        Cell(html, m, string.Create(CultureInfo.InvariantCulture, $"{year.Year:0000}-{month:00}"), scale, "month");
                    }
                    else
                    {
                        html.Append("<td class=\"none\"></td>");
                    }
                }

                Cell(html, year, year.Year.ToString("0000", CultureInfo.InvariantCulture), scale, "year");
                html.Append("</tr>\n");
            }

            if (run.Insight.Annual.Count == 0)
            {
                html.Append("<tr><td colspan=\"14\" class=\"muted\">No equity stored for this run.</td></tr>\n");
            }

            html.Append("</table>\n");
        }

        html.Append("<p class=\"note\">Return of each calendar month (UTC): its last equity over the previous month's last (the first month over the run's start). A point stamped 00:00 on the 1st closes the month before. Empty: no return in that month (docs/metrics.md, \"Monthly and annual returns\").</p>\n");
    }

    private static void Cell(StringBuilder html, PeriodReturn period, string key, double scale, string kind)
    {
        if (period.Return is not { } r)
        {
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"{kind}\" data-{kind}=\"{key}\">–</td>");
            return;
        }

        var strength = 0.1 + (0.6 * Math.Min(1, Math.Abs(r) / scale));
        var colour = r >= 0 ? "26, 127, 55" : "207, 34, 46";
        html.Append(CultureInfo.InvariantCulture,
            $"<td class=\"{kind}\" data-{kind}=\"{key}\" style=\"background: rgba({colour}, {strength:0.00})\">{r * 100:0.00}</td>");
    }
}
