using System.Globalization;
using System.Text;
using System.Text.Json;
using QuantowerRecorder.Analytics.Study;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Server.Contract;
using QuantowerRecorder.Page;

namespace QuantowerRecorder.Cli.Report;

/// <summary>
/// `recorder report --study`: one study as a single self-contained HTML file — its figures (best pass, plateau pick,
/// deflated Sharpe, PBO), the objective over each input (a line) and over each pair of inputs (a heatmap), parameter
/// importance and the passes by the objective. The tables are written here; the surfaces, computed by the analytics,
/// ship as JSON and are drawn by the page's own surface.js (inlined), under the same content security policy as the
/// run report.
/// </summary>
internal static class StudyReport
{
    /// <summary>A heatmap over an ordered pair of inputs, as the axis choosers pick it.</summary>
    public sealed record Pair(string X, string Y, Surface Surface);

    public static string Build(StudyRecord study, IReadOnlyList<Pair> heatmaps, string databaseName, DateTimeOffset generatedUtc)
    {
        var s = study.Study;
        var html = new StringBuilder();
        HtmlReport.Head(html, "Recorder study report: " + s.Name, ReportStyle.Css + Css);
        html.Append(CultureInfo.InvariantCulture, $"<h1>Study {Html.Text(s.Name)}</h1>\n");
        html.Append(CultureInfo.InvariantCulture,
            $"<p class=\"meta\">{Html.Text(s.StrategyName)} · {Html.Text(s.Symbol)} {Html.Text(s.Timeframe)} · {Html.Text(Day(s.PeriodStartUtc))} → {Html.Text(Day(s.PeriodEndUtc))} · {s.Passes} passes · objective <b>{Html.Text(study.Objective)}</b> ({(study.HigherIsBetter ? "higher" : "lower")} is better) · from {Html.Text(databaseName)} · generated {Html.Time(generatedUtc.UtcDateTime)} UTC by recorder</p>\n");
        Figures(html, study);
        foreach (var note in study.Notes)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"warn\">{Html.Text(note)}</p>\n");
        }

        html.Append("<h2 id=\"surfaces\">Surfaces</h2>\n");
        if (study.Parameters.Count == 0)
        {
            html.Append("<p class=\"empty\">No input varies across the passes.</p>\n");
        }
        else
        {
            html.Append("<div class=\"choosers\"><label>x (line and heatmap) <select id=\"study-x\"></select></label>");
            html.Append(study.Parameters.Count > 1 ? "<label>y (heatmap) <select id=\"study-y\"></select></label>" : "").Append("</div>\n");
            html.Append("<div class=\"surfaces\"><div class=\"panel\"><div class=\"surface-holder\" id=\"study-line\"></div><p class=\"surface-method\" id=\"study-line-method\"></p></div>");
            html.Append("<div class=\"panel\"><div class=\"surface-holder\" id=\"study-heatmap\"></div><p class=\"surface-method\" id=\"study-heatmap-method\"></p></div></div>\n");
        }

        html.Append("<h2 id=\"importance\">Parameter importance</h2>\n<table id=\"study-importance\"><tr><th>Input</th><th>Variance explained (η²)</th><th>By chance alone</th><th>Groups</th></tr>\n");
        foreach (var i in study.Importance)
        {
            var share = i.NotEnough is { } lack ? Html.Text(lack.Text) : Numbers.Percent(i.Share);
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Html.Text(i.Parameter)}</td><td>{share}</td><td>{Numbers.Percent(i.ExpectedByChance)}</td><td>{i.Groups}</td></tr>\n");
        }

        html.Append("</table>\n");
        Passes(html, study);
        Html.JsonScript(html, "study-data", JsonSerializer.Serialize(new { Study = study, Heatmaps = heatmaps }, ContractJson.Options));
        html.Append("<script>\n").Append(PageAssets.Read("surface.js")).Append("\n</script>\n");
        html.Append("<script>\n").Append(StudyReportScript.Js).Append("\n</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Figures(StringBuilder html, StudyRecord study)
    {
        var best = study.Passes.FirstOrDefault(p => p.Best);
        var pick = study.Passes.FirstOrDefault(p => p.PlateauPick);
        string Inputs(StudyPassRecord? p) => p is null ? "–" : string.Join(", ", study.Parameters.Select(k => $"{k} {Numbers.Parameter(p.Parameters.GetValueOrDefault(k))}"));
        void Row(string id, string head, string cell) =>
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>{Html.Text(head)}</th><td id=\"{id}\">{Html.Text(cell)}</td></tr>\n");
        html.Append("<table id=\"study-figures\">\n");
        Row("study-best", $"Best pass ({study.Objective})", $"{Numbers.Display(best?.Objective)} · {Inputs(best)}");
        var averaged = pick?.PlateauPasses ?? study.PlateauNeighbours;
        Row("study-pick", "Plateau pick", study.PlateauNotEnough is { } lack
            ? $"none: {lack.Text} (a plateau score averages a pass with its {study.PlateauNeighbours - 1} nearest)"
            : $"{Numbers.Display(pick?.Objective)} · {Inputs(pick)} · plateau score {Numbers.Display(pick?.PlateauScore)}, the mean over {averaged} passes (itself and its {averaged - 1} nearest); " +
              StudyPlateauRule.Text(study.Objective) + (StudyPlateauRule.BetterScoreLeftOut(study) is { } valley
                ? $". Left out by it: {Inputs(valley)} scores {Numbers.Display(valley.PlateauScore)} but its own {study.Objective} is {Numbers.Display(valley.Objective)}" : ""));
        var ds = study.DeflatedSharpe;
        var which = study.Objective == Analytics.MetricKeys.Sharpe ? "Deflated Sharpe of the best pass" : $"Deflated Sharpe of the best pass by {study.Objective} (not the Sharpe's best)";
        Row("study-dsr", which, ds is null ? "none" : string.Join(" · ", new[]
        {
            ds.Probability is { } p ? Numbers.Percent(p) : ds.NotEnough?.Text ?? "not computed: " + ds.Reason,
            $"{ds.Trials} trials: {ds.Population}",
            ds.Sharpe is { } sharpe ? $"Sharpe {Numbers.Display(sharpe)} on {ds.Observations} daily returns (×√{ds.PeriodsPerYear})" : null,
            ds.Threshold is { } threshold ? $"SR₀ {Numbers.Display(threshold)} (variance of the trials' Sharpe {Numbers.Display(ds.SharpeVariance)})" : null,
        }.OfType<string>()));
        var o = study.Overfitting;
        Row("study-pbo", "Probability of backtest overfitting", o is null ? "not computed: no pass has returns" : string.Join(" · ", new[]
        {
            o.Probability is { } pbo ? Numbers.Percent(pbo) : o.NotEnough?.Text,
            $"CSCV over {o.Passes} passes: {o.Partitions} blocks of {o.BlockSize} {Ly(o.Period)} returns" + (o.OldestLeftOut > 0 ? $" (the oldest {o.OldestLeftOut} of {o.Periods} left out)" : ""),
            o.Splits > 0 ? $"{Numbers.Display(o.Splits, "count")} splits" : null,
            o.ProbabilityOfLoss is { } loss ? $"probability of loss {Numbers.Percent(loss)}" : null,
            o.DegradationSlope is { } slope ? $"degradation slope {Numbers.Display(slope)}" : null,
        }.OfType<string>()));
        var a = study.Annualisation;
        Row("study-returns", "Returns", $"PBO on {Ly(study.ReturnsPeriod)} returns, {Numbers.Display(a.PeriodsPerYear, "count")} a year ({a.DaysPerYear} days" +
            (study.ReturnsPeriod == "day" ? "" : $" × {a.HoursPerDay} hours") + $"); each pass's Sharpe and the deflated Sharpe on its daily returns, {a.DaysPerYear} a year");
        html.Append("</table>\n");
    }

    private static void Passes(StringBuilder html, StudyRecord study)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h2 id=\"passes\">Passes by {Html.Text(study.Objective)} (★ best, ◆ plateau pick)</h2>\n<div class=\"scroll\"><table id=\"study-passes\"><tr><th>#</th>");
        foreach (var p in study.Parameters)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{Html.Text(p)}</th>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<th>{Html.Text(study.Objective)}</th><th>Plateau score</th><th>Worst neighbour</th><th>Pick</th><th>Run</th></tr>\n");
        for (var i = 0; i < study.Passes.Count; i++)
        {
            var p = study.Passes[i];
            var cls = (p.Best ? " best-row" : "") + (p.PlateauPick ? " pick-row" : "");
            html.Append(CultureInfo.InvariantCulture, $"<tr data-run=\"{Html.Text(p.RunId)}\" class=\"{cls.Trim()}\"><td>{i + 1}</td>");
            foreach (var name in study.Parameters)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td>{Html.Text(Numbers.Parameter(p.Parameters.GetValueOrDefault(name)))}</td>");
            }

            // ★ the best pass; its colour what the objective's value means (a Sharpe below 0 is red, best or not).
            var objective = string.Join(' ', new[] { p.Best ? "best" : null, Metrics.MetricMeaning.Class(study.Objective, p.Objective) }.OfType<string>());
            html.Append(CultureInfo.InvariantCulture, $"<td{(objective.Length > 0 ? $" class=\"{objective}\"" : "")}>{Html.Text(Numbers.Display(p.Objective))}{(p.Best ? " ★" : "")}</td><td>{Html.Text(Numbers.Display(p.PlateauScore))}</td><td>{Html.Text(Numbers.Display(p.WorstNeighbour))}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{(p.PlateauPick ? "◆ plateau pick" : "")}</td><td class=\"muted\" title=\"{Html.Text(p.RunId)}\">{Html.Text(p.RunId[..Math.Min(8, p.RunId.Length)])}</td></tr>\n");
        }

        html.Append("</table></div>\n");
    }

    private static string Ly(string period) => period == "day" ? "daily" : period + "ly";

    private static string Day(string? iso) => iso is { Length: >= 10 } ? iso[..10] : iso ?? "";

    private const string Css = """
        .surfaces { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
        .surfaces .panel { background: #161d26; border-radius: 6px; padding: 10px; max-width: 660px; }
        .surfaces .surface-method { color: #b6c0cc; }
        .choosers { display: flex; gap: 16px; margin: 8px 0; font-size: 13px; }
        tr.best-row td { background: #fff8d6; } tr.pick-row td:first-child { box-shadow: inset 3px 0 #00838f; }
        #study-figures th { text-align: left; } #study-figures td { text-align: left; white-space: normal; }
        .warn { color: #8a5300; }
        """;
}
