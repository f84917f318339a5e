using System.Globalization;
using System.Text;
using QuantowerRecorder.Page;

namespace QuantowerRecorder.Cli.Report;

/// <summary>
/// Builds the single-file tearsheet: inline CSS, the chart data as JSON, and the server page's own lightweight-charts
/// build inlined with a small drawing script. Its content security policy allows only inline script and style and
/// forbids loading anything, so it renders the same offline, from an e-mail attachment, or years later.
/// </summary>
internal static class HtmlReport
{
    private const string ContentSecurityPolicy = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

    public static string Build(ReportModel model)
    {
        var runs = model.Runs;
        var html = new StringBuilder();
        Head(html, "Recorder report: " + string.Join(", ", runs.Select(r => r.Run.StrategyName).Distinct(StringComparer.Ordinal)), ReportStyle.Css);
        html.Append("<h1>Strategy run report</h1>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{runs.Count} run(s) from {Html.Text(model.DatabaseName)} · generated {Html.Time(model.GeneratedUtc.UtcDateTime)} UTC by recorder · amounts in <b id=\"currency\">{Html.Text(model.CurrencyLabel)}</b></p>\n");
        RunsSection.Write(html, model);
        if (JournalSection.Any(model))
        {
            Heading(html, "journal-section", "Journal");
            JournalSection.Write(html, model);
        }

        foreach (var warning in runs.SelectMany(r => r.Warnings.Select(w => $"{r.Label}: {w}")).Concat(model.Metrics.Notes))
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"warn\">{Html.Text(warning)}</p>\n");
        }

        var time = model.Calendar ? "time (UTC)" : "days since each run's start";
        Heading(html, "equity", "Equity");
        html.Append(model.Calendar ? "" : "<p class=\"note\">The runs cover different periods; they are overlaid by days since each run's start.</p>\n");
        ChartSection.Write(html, ChartData.Equity, runs, $"equity, {model.CurrencyLabel}", time, benchmark: true);
        BenchmarkSection.Notes(html, runs);
        var percent = ChartData.UnderwaterInPercent(model);
        Heading(html, "underwater", "Underwater (drawdown from the running peak)");
        ChartSection.Write(html, ChartData.Underwater, runs, percent ? "drawdown, %" : $"drawdown, {model.CurrencyLabel}", time);
        Heading(html, "drawdowns", "Worst five drawdowns");
        DrawdownsSection.Write(html, model);
        Heading(html, "metrics-section", "Metrics");
        MetricsSection.Write(html, model);
        Heading(html, "returns", "Monthly and annual returns (%)");
        ReturnsSection.Write(html, model);
        Heading(html, "distribution", "Distribution of daily returns");
        Chart(html, ReturnHistogram.Build(runs) is not null, () => ChartSection.Write(html, ChartData.Returns, runs, "days", "daily return, % (close over the previous day's close − 1; UTC days)", slots: true), "No daily returns (no equity, or the initial balance is unknown).");
        Heading(html, "rolling", $"Rolling Sharpe and volatility ({model.Window}-day window)");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">Over the {model.Window} daily returns ending each day, annualised as each run's sharpe is, with √ of its periods a year (365 for a market open every day, else 252: docs/metrics.md, \"Periods per year\" and \"Rolling Sharpe and volatility\").</p>\n");
        var rolling = runs.Any(r => r.Insight.Rolling.Count > 0);
        var shortOf = $"No run has {model.Window} daily returns yet.";
        Chart(html, rolling, () => ChartSection.Write(html, ChartData.RollingSharpe, runs, $"Sharpe ratio, {model.Window} days", time), shortOf);
        Chart(html, rolling, () => ChartSection.Write(html, ChartData.RollingVolatility, runs, $"volatility, % a year, {model.Window} days", time), shortOf);
        Heading(html, "excursions", "MAE / MFE of trades");
        Chart(html, runs.Any(r => r.Insight.Excursions.Count > 0), () => ChartSection.Write(html, ChartData.Excursions, runs,
            $"MFE (best open PnL), {model.CurrencyLabel}", $"MAE (worst open PnL), {model.CurrencyLabel}", slots: true), "No closed trades.");
        Heading(html, "breakdowns-section", "Breakdowns of closed trades");
        BreakdownSection.Write(html, model);
        if (model.Reconciliations.Count > 0)
        {
            Heading(html, "reconciliation", "Reconciliation: forward run against its backtest");
            foreach (var reconciliation in model.Reconciliations)
            {
                ReconciliationSection.Write(html, reconciliation);
            }
        }

        Heading(html, "whatif", "What-if exits");
        WhatIfSection.Write(html, model);
        if (model.Drifts.Count > 0)
        {
            Heading(html, "drift", "Drift: forward run against its backtest's band");
            foreach (var drift in model.Drifts)
            {
                DriftSection.Write(html, drift);
            }
        }

        Heading(html, "trades", "Trades");
        TradesSection.Write(html, model);
        Scripts(html, model);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>A report's page up to its body: the content security policy, the title and the inline stylesheet.</summary>
    public static void Head(StringBuilder html, string title, string css)
    {
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<meta http-equiv=\"Content-Security-Policy\" content=\"{ContentSecurityPolicy}\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<title>{Html.Text(title)}</title>\n");
        html.Append("<style>").Append(css).Append("</style>\n</head>\n<body>\n");
    }

    private static void Heading(StringBuilder html, string id, string text) =>
        html.Append(CultureInfo.InvariantCulture, $"<h2 id=\"{id}\">{Html.Text(text)}</h2>\n");

    private static void Chart(StringBuilder html, bool any, Action write, string empty)
    {
        if (any)
        {
            write();
        }
        else
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\">{Html.Text(empty)}</p>\n");
        }
    }

    private static void Scripts(StringBuilder html, ReportModel model)
    {
        Html.JsonScript(html, "report-data", ChartData.Json(model, ReturnHistogram.Build(model.Runs), ExcursionScatter.Build(model.Runs)));
        // The chart library as the server's page ships it (Apache-2.0; its licence comment stays at its top).
        html.Append(CultureInfo.InvariantCulture, $"<script data-library=\"lightweight-charts {Html.Text(PageAssets.ChartLibraryVersion)}\">\n")
            .Append(PageAssets.Read(PageAssets.ChartLibraryFile)).Append("\n</script>\n");
        html.Append("<script>\n").Append(ReportScript.Js).Append("\n</script>\n");
    }
}
