using System.Globalization;
using System.Text;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Report;

/// <summary>
/// Buy-and-hold of each run's recorded bars (docs/metrics.md, "Buy-and-hold benchmark"): what the dashed lines of the
/// equity chart are, why a run has none, and its return, correlation and beta as rows of the metrics table, the figures
/// `recorder insight` shows. A run of several symbols or without bars says so instead of a figure.
/// </summary>
internal static class BenchmarkSection
{
    private static readonly (string Key, Func<Analytics.Insight.Benchmark, double?> Value, string? Unit)[] Figures =
    [
        (RunBenchmark.ReturnKey, b => b.ReturnPct, "pct"),
        (RunBenchmark.CorrelationKey, b => b.Correlation, null),
        (RunBenchmark.BetaKey, b => b.Beta, null),
    ];

    public static void Notes(StringBuilder html, IReadOnlyList<ReportRun> runs)
    {
        if (runs.Any(r => r.BenchmarkLabel is not null))
        {
            html.Append("<p class=\"note\" id=\"benchmark-note\">Dashed: buy and hold, each run's initial balance held in its symbol over the run's recorded bars (from the first bar's open to each bar's close; docs/metrics.md, \"Buy-and-hold benchmark\").</p>\n");
        }

        foreach (var run in runs.Where(r => r.Benchmark.Missing is not null))
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\" data-benchmark-missing>{Html.Text(run.Label)}: buy and hold: {Html.Text(run.Benchmark.Missing)}.</p>\n");
        }
    }

    /// <summary>Three rows of the metrics table, one cell per run; a run without figures says why in the first.</summary>
    public static void Rows(StringBuilder html, IReadOnlyList<ReportRun> runs)
    {
        foreach (var (key, value, unit) in Figures)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr class=\"benchmark\">{MetricsSection.NameCell(key)}");
            foreach (var run in runs)
            {
                html.Append(Cell(run, key, value, unit));
            }

            html.Append("</tr>\n");
        }
    }

    private static string Cell(ReportRun run, string key, Func<Analytics.Insight.Benchmark, double?> value, string? unit)
    {
        var first = key == RunBenchmark.ReturnKey;
        var id = Html.Text(run.Run.RunId);
        if (run.Benchmark.Figures is not { } f)
        {
            return first ? $"<td data-run=\"{id}\" class=\"wrap muted\">{Html.Text(run.Benchmark.Missing)}</td>" : $"<td data-run=\"{id}\" class=\"muted\">–</td>";
        }

        var v = value(f);
        var symbol = first ? $" <span class=\"muted\">{Html.Text(f.Symbol)}</span>" : "";
        return $"<td data-run=\"{id}\" data-value=\"{Html.Text(v?.ToString("R", CultureInfo.InvariantCulture))}\">{Html.Text(Numbers.Display(v, unit))}{symbol}</td>";
    }
}
