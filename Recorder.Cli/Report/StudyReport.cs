using System.Globalization;
using System.Text;
using System.Text.Json;
using QuantowerRecorder.Analytics.Study;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Server.Contract;
using QuantowerRecorder.Server.Page;

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
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Html.Text(i.Parameter)}</td><td>{Numbers.Percent(i.Share)}</td><td>{Numbers.Percent(i.ExpectedByChance)}</td><td>{i.Groups}</td></tr>\n");
        }

        html.Append("</table>\n");
        Passes(html, study);
        Html.JsonScript(html, "study-data", JsonSerializer.Serialize(new { Study = study, Heatmaps = heatmaps }, ContractJson.Options));
        html.Append("<script>\n").Append(ReportAssets.SurfaceScript).Append("\n</script>\n");
        html.Append("<script>\n").Append(StudyReportScript.Js).Append("\n</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Figures(StringBuilder html, StudyRecord study)
    {
        var best = study.Passes.FirstOrDefault(p => p.Best);
        var pick = study.Passes.FirstOrDefault(p => p.PlateauPick);
        string Inputs(StudyPassRecord? p) => p is null ? "–" : string.Join(", ", study.Parameters.Select(k => $"{k} {Numbers.Parameter(p.Parameters.GetValueOrDefault(k))}"));
        html.Append("<table id=\"study-figures\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<tr><th>Best pass ({Html.Text(study.Objective)})</th><td id=\"study-best\">{Html.Text(Numbers.Display(best?.Objective))} · {Html.Text(Inputs(best))}</td></tr>\n");
        html.Append(CultureInfo.InvariantCulture, $"<tr><th>Plateau pick</th><td id=\"study-pick\">{Html.Text(Numbers.Display(pick?.Objective))} · {Html.Text(Inputs(pick))} · plateau score {Html.Text(Numbers.Display(pick?.PlateauScore))} (itself and its {study.PlateauNeighbours} nearest neighbours)</td></tr>\n");
        var ds = study.DeflatedSharpe;
        html.Append(CultureInfo.InvariantCulture, $"<tr><th>Deflated Sharpe of the best pass</th><td id=\"study-dsr\">{(ds is null ? "not computed" : $"{Numbers.Percent(ds.Probability)} · Sharpe {Numbers.Display(ds.Sharpe)} against SR₀ {Numbers.Display(ds.Threshold)} over {ds.Trials} trials (variance {Numbers.Display(ds.SharpeVariance)}), {Html.Text(study.ReturnsPeriod)} returns")}</td></tr>\n");
        var o = study.Overfitting;
        html.Append(CultureInfo.InvariantCulture, $"<tr><th>Probability of backtest overfitting</th><td id=\"study-pbo\">{(o is null ? "not computed" : $"{Numbers.Percent(o.Probability)} · CSCV, {o.Partitions} partitions, {o.Splits} splits, {o.Passes} passes over {o.Periods} {Html.Text(o.Period)} returns; probability of loss {Numbers.Percent(o.ProbabilityOfLoss)}")}</td></tr>\n");
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

            html.Append(CultureInfo.InvariantCulture, $"<td{(p.Best ? " class=\"best\"" : "")}>{Html.Text(Numbers.Display(p.Objective))}{(p.Best ? " ★" : "")}</td><td>{Html.Text(Numbers.Display(p.PlateauScore))}</td><td>{Html.Text(Numbers.Display(p.WorstNeighbour))}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{(p.PlateauPick ? "◆ plateau pick" : "")}</td><td class=\"muted\" title=\"{Html.Text(p.RunId)}\">{Html.Text(p.RunId[..Math.Min(8, p.RunId.Length)])}</td></tr>\n");
        }

        html.Append("</table></div>\n");
    }

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
