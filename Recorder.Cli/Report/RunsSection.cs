using System.Globalization;
using System.Text;
using QuantowerRecorder.Cli.Output;

namespace QuantowerRecorder.Cli.Report;

/// <summary>The runs table: one row per run, its parameters as a key/value list, its period and initial balance.</summary>
internal static class RunsSection
{
    public static void Write(StringBuilder html, ReportModel model)
    {
        html.Append("<table id=\"runs\" class=\"fit\"><colgroup><col class=\"c-run\"><col class=\"c-strategy\"><col class=\"c-params\"><col class=\"c-type\"><col class=\"c-period\"><col class=\"c-balance\"></colgroup>\n");
        html.Append("<tr><th>Run</th><th>Strategy</th><th>Parameters</th><th>Type · status</th><th>Period (UTC)</th><th>Initial balance</th></tr>\n");
        foreach (var run in model.Runs)
        {
            var r = run.Run;
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"wrap\">{Html.Swatch(run.Color)}{Html.Text(run.Label)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"wrap\">{Html.Text($"{r.StrategyName} {r.StrategyVersion}")}</td><td class=\"wrap\">");
            Parameters(html, r.ParametersJson);
            html.Append(CultureInfo.InvariantCulture, $"</td><td>{Html.Text(r.RunType)}<br><span class=\"muted\">{Html.Text(r.Status)}</span></td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{Numbers.Time(r.StartUtc)}<br>{Numbers.Time(r.EndUtc)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{Html.Text(Numbers.Display(r.InitialBalance, "money"))} {Html.Text(r.BaseCurrency ?? "")}</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    // One row per parameter: "Stop loss, %" = 0.8 must not read as part of the next one.
    private static void Parameters(StringBuilder html, string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            html.Append("<span class=\"muted\">none</span>");
        }
        else if (Output.Parameters.Pairs(json) is { } pairs)
        {
            html.Append("<table class=\"params\">");
            foreach (var (name, value) in pairs)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><th>{Html.Text(name)}</th><td>{Html.Text(value)}</td></tr>");
            }

            html.Append("</table>");
        }
        else
        {
            html.Append(Html.Text(json));
        }
    }
}
