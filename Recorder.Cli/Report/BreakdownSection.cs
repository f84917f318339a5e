using System.Globalization;
using System.Text;
using QuantowerRecorder.Cli.Output;

namespace QuantowerRecorder.Cli.Report;

/// <summary>Closed trades by hour, weekday, side, symbol, entry tag and exit reason (Analytics' TradeBreakdowns), runs side by side.</summary>
internal static class BreakdownSection
{
    public static void Write(StringBuilder html, ReportModel model)
    {
        if (model.Runs.Count == 0)
        {
            return;
        }

        html.Append("<div class=\"breakdowns\">\n");
        for (var b = 0; b < model.Runs[0].Insight.Breakdowns.Count; b++)
        {
            var title = model.Runs[0].Insight.Breakdowns[b].Title;
            var perRun = model.Runs.Select(r => r.Insight.Breakdowns[b].Rows.ToDictionary(x => x.Key, StringComparer.Ordinal)).ToList();
            // The keys in the order the breakdown gives them, over all runs.
            var keys = model.Runs.SelectMany(r => r.Insight.Breakdowns[b].Rows.Select(x => x.Key)).Distinct(StringComparer.Ordinal).ToList();
            var order = model.Runs.Count == 1 ? keys : Order(keys);
            html.Append(CultureInfo.InvariantCulture, $"<table class=\"breakdown\"><caption>{Html.Text(title)}</caption><tr><th></th>");
            foreach (var run in model.Runs)
            {
                html.Append(CultureInfo.InvariantCulture, $"<th colspan=\"3\" class=\"run-head\">{Html.Swatch(run.Color)}{Html.Text(run.Label.Split(" · ")[0])}</th>");
            }

            html.Append("</tr><tr><th></th>");
            foreach (var _ in model.Runs)
            {
                html.Append("<th>Trades</th><th>Win %</th><th>Net PnL</th>");
            }

            html.Append("</tr>\n");
            foreach (var key in order)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><th>{Html.Text(key)}</th>");
                foreach (var rows in perRun)
                {
                    if (rows.TryGetValue(key, out var row))
                    {
                        html.Append(CultureInfo.InvariantCulture, $"<td>{row.Trades}</td><td>{Numbers.Display(row.WinRate, "pct")}</td><td{Html.Sign(row.NetPnl)}>{Numbers.Display(row.NetPnl, "money")}</td>");
                    }
                    else
                    {
                        html.Append("<td></td><td></td><td></td>");
                    }
                }

                html.Append("</tr>\n");
            }

            html.Append("</table>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"</div>\n<p class=\"note\">Net PnL in {Html.Text(model.CurrencyLabel)}; a win is net PnL &gt; 0. Hours and days of the entry, UTC.</p>\n");
    }

    // Keys over several runs in the breakdowns' natural order: Monday to Sunday, else ordinal (hours are "00"–"23").
    private static List<string> Order(List<string> keys) =>
        keys.All(k => Enum.GetNames<DayOfWeek>().Contains(k, StringComparer.Ordinal))
            ? keys.OrderBy(k => ((int)Enum.Parse<DayOfWeek>(k) + 6) % 7).ToList()
            : keys.Order(StringComparer.Ordinal).ToList();
}
