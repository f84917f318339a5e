using System.Globalization;
using System.Text;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Insight;
using QuantowerRecorder.Analytics.Metrics;
using QuantowerRecorder.Cli.Metrics;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Page;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Report;

/// <summary>
/// Every stored metric side by side (and the Calmar ratio from two of them, and buy-and-hold's three figures last),
/// each name with its definition from docs/metrics.md on hover: the catalogue the server's page uses.
/// </summary>
internal static class MetricsSection
{
    public static void Write(StringBuilder html, ReportModel model)
    {
        html.Append("<div class=\"scroll\"><table id=\"metrics\"><tr><th>Metric</th>");
        foreach (var run in model.Runs)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th class=\"wrap\">{Html.Swatch(run.Color)}{Html.Text(run.Label)}</th>");
        }

        html.Append("</tr>\n");
        foreach (var row in model.Metrics.Rows)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr>{NameCell(row.Key, Unit(row.Unit, model))}");
            for (var i = 0; i < row.Values.Count; i++)
            {
                var best = row.Best.Contains(i);
                // A figure its run is too short or too small for says so, as a study's does.
                var shown = row.Values[i] is null && AnnualisedPeriod.StoredReason(model.Runs[i].Notes, row.Key == CalmarRatio.Key ? MetricKeys.Cagr : row.Key) is { } why
                    ? why : Numbers.Display(row.Values[i], row.Unit);
                // ★ and bold say the best of the row; green and red what the value means (MetricMeaning), so a best
                // profit factor of 0.9 is starred and red.
                var classes = string.Join(' ', new[] { best ? "best" : null, MetricMeaning.Class(row.Key, row.Values[i]) }.OfType<string>());
                html.Append(classes.Length > 0 ? $"<td class=\"{classes}\">" : "<td>").Append(Html.Text(shown)).Append(best ? " ★" : "").Append("</td>");
            }

            html.Append("</tr>\n");
        }

        BenchmarkSection.Rows(html, model.Runs);
        html.Append("</table></div>\n<p class=\"note\">★ best value of the row (none on counts and costs). Green and red say what a value means — a gain or a loss, a profit factor above or below 1, fees paid — not its rank. Hover a metric for its definition (docs/metrics.md).</p>\n");
    }

    /// <summary>A metric as a trader names it, with its stored key and its definition from docs/metrics.md on hover.</summary>
    public static string NameCell(string key, string unit = "") =>
        $"<td class=\"metric\" data-key=\"{Html.Text(key)}\" title=\"{Html.Text(key + ": " + ((MetricDefinitions.All.TryGetValue(key, out var d) ? d.Text : null) ?? "Not defined in docs/metrics.md."))}\">{Html.Text(MetricLabels.Of(key))}{unit}</td>";

    private static string Unit(string? unit, ReportModel model) =>
        unit == MetricUnits.Money ? $" <span class=\"muted\">({Html.Text(model.CurrencyLabel)})</span>" : "";
}
