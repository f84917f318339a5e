using System.Globalization;
using System.Text;
using QuantowerRecorder.Cli.Output;

namespace QuantowerRecorder.Cli.Report;

/// <summary>Each run's closed trades (the first ones of a long run, with the command that lists them all).</summary>
internal static class TradesSection
{
    private const int MaxRows = 2000;

    public static void Write(StringBuilder html, ReportModel model)
    {
        for (var i = 0; i < model.Runs.Count; i++)
        {
            var run = model.Runs[i];
            html.Append(CultureInfo.InvariantCulture, $"<details{(i == 0 ? " open" : "")}><summary>{Html.Swatch(run.Color)}{Html.Text(run.Label)}: {run.Trades.Count} closed trade(s)</summary>\n");
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"scroll\"><table class=\"trades\"><tr><th>#</th><th>Symbol</th><th>Side</th><th>Qty</th><th>Entry (UTC)</th><th>Entry</th><th>Exit (UTC)</th><th>Exit</th><th>Net PnL ({Html.Text(run.Currency ?? "?")})</th><th>MAE</th><th>MFE</th><th>R</th><th>Exit reason</th><th>Entry tag</th></tr>\n");
            foreach (var t in run.Trades.Take(MaxRows))
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{t.Number}</td><td>{Html.Text(t.Symbol)}</td><td>{t.Side}</td><td>{Numbers.Display(t.Quantity)}</td><td>{Html.Time(t.EntryTimeUtc)}</td>");
                html.Append(CultureInfo.InvariantCulture, $"<td>{Numbers.Display(t.EntryPrice)}</td><td>{Html.Time(t.ExitTimeUtc)}</td><td>{Numbers.Display(t.ExitPrice)}</td>");
                html.Append(CultureInfo.InvariantCulture, $"<td{Html.Sign(t.NetPnl)}>{Numbers.Display(t.NetPnl, "money")}</td><td>{Numbers.Display(t.Mae, "money")}</td><td>{Numbers.Display(t.Mfe, "money")}</td>");
                html.Append(CultureInfo.InvariantCulture, $"<td>{Numbers.Display(t.RMultiple)}</td><td>{Html.Text(t.ExitReason.ToString())}</td><td>{Html.Text(t.EntryTag)}</td></tr>\n");
            }

            html.Append("</table></div>\n");
            if (run.Trades.Count > MaxRows)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">First {MaxRows} of {run.Trades.Count} trades; all of them: <code>recorder export {Html.Text(run.Run.RunId)} --what trades</code>.</p>\n");
            }

            html.Append("</details>\n");
        }
    }
}
