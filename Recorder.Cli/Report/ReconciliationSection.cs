using System.Globalization;
using System.Text;
using QuantowerRecorder.Cli.Output;

namespace QuantowerRecorder.Cli.Report;

/// <summary>
/// A forward run against its backtest, as `recorder reconcile` computes it: matched, missed and extra trades and the
/// PnL bridge whose parts add up to the difference of the two net PnLs (docs/metrics.md, "Reconciliation").
/// </summary>
internal static class ReconciliationSection
{
    private const int MaxPairs = 50;

    public static void Write(StringBuilder html, ReportReconciliation reconciliation)
    {
        var (forward, backtest, result) = (reconciliation.Forward, reconciliation.Backtest, reconciliation.Result);
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"reconciliation\" data-forward=\"{Html.Text(forward.Run.RunId)}\" data-backtest=\"{Html.Text(backtest.Run.RunId)}\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<h3>{Html.Swatch(forward.Color)}{Html.Text(forward.Label)} against {Html.Swatch(backtest.Color)}{Html.Text(backtest.Label)}</h3>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"counts\"><b class=\"matched\">{result.Matched.Count}</b> matched · <b class=\"missed\">{result.Missed.Count}</b> missed (backtest only) · <b class=\"extra\">{result.Extra.Count}</b> extra (forward only)</p>\n");
        if (result.Bridge is { } bridge)
        {
            var currency = bridge.Currency ?? "currency not recorded";
            var parts = new (string Key, string Name, double Value)[]
            {
                ("missed", "Missed trades", bridge.Parts.Missed), ("extra", "Extra trades", bridge.Parts.Extra),
                ("entry_slippage", "Entry slippage", bridge.Parts.EntrySlippage), ("exit_slippage", "Exit slippage", bridge.Parts.ExitSlippage),
                ("fees", "Fees", bridge.Parts.Fees), ("timing", "Timing", bridge.Parts.Timing), ("rest", "Rest (size)", bridge.Parts.Rest),
            };
            html.Append(CultureInfo.InvariantCulture, $"<table class=\"bridge\"><tr><th>PnL bridge ({Html.Text(currency)})</th><th>Amount</th></tr>\n");
            html.Append(CultureInfo.InvariantCulture, $"<tr class=\"total\" data-part=\"backtest_net_pnl\" data-value=\"{Numbers.Exact(bridge.BacktestNetPnl)}\"><th>Backtest net PnL</th><td>{Numbers.Display(bridge.BacktestNetPnl, "money")}</td></tr>\n");
            foreach (var (key, name, value) in parts)
            {
                // Shown to the cent: a part that rounds to 0 reads 0.00, not -0.00 (data-value keeps it exactly).
                var shown = Math.Abs(value) < 0.005 ? 0 : value;
                html.Append(CultureInfo.InvariantCulture, $"<tr data-part=\"{key}\" data-value=\"{Numbers.Exact(value)}\"><th>+ {Html.Text(name)}</th><td{Html.Sign(shown)}>{Numbers.Display(shown, "money")}</td></tr>\n");
            }

            html.Append(CultureInfo.InvariantCulture, $"<tr class=\"total\" data-part=\"forward_net_pnl\" data-value=\"{Numbers.Exact(bridge.ForwardNetPnl)}\"><th>= Forward net PnL</th><td>{Numbers.Display(bridge.ForwardNetPnl, "money")}</td></tr>\n");
            html.Append("</table>\n");
        }
        else
        {
            html.Append("<p class=\"warn\">No PnL bridge: the trades are in more than one currency.</p>\n");
        }

        foreach (var note in result.Notes)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{Html.Text(note)}</p>\n");
        }

        Pairs(html, reconciliation);
        html.Append("</div>\n");
    }

    private static void Pairs(StringBuilder html, ReportReconciliation reconciliation)
    {
        var matched = reconciliation.Result.Matched;
        if (matched.Count == 0)
        {
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<details><summary>Matched trades ({matched.Count})</summary><div class=\"scroll\"><table class=\"pairs\">");
        html.Append("<tr><th>Symbol</th><th>Side</th><th>Backtest entry (UTC)</th><th>Δ entry time (s)</th><th>Δ entry price</th><th>Δ exit time (s)</th><th>Δ exit price</th><th>Δ net PnL</th></tr>\n");
        foreach (var m in matched.Take(MaxPairs))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Html.Text(m.Backtest.Symbol)}</td><td>{m.Backtest.Side}</td><td>{Html.Time(m.Backtest.EntryTimeUtc)}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{m.EntryTimeDifference.TotalSeconds:0}</td><td>{Numbers.Display(m.EntryPriceDifference)}</td><td>{m.ExitTimeDifference.TotalSeconds:0}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{Numbers.Display(m.ExitPriceDifference)}</td><td{Html.Sign(m.NetPnlDifference)}>{Numbers.Display(m.NetPnlDifference, "money")}</td></tr>\n");
        }

        html.Append("</table></div>");
        if (matched.Count > MaxPairs)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">First {MaxPairs} of {matched.Count} pairs; all of them: <code>recorder reconcile {Html.Text(reconciliation.Forward.Run.RunId)} {Html.Text(reconciliation.Backtest.Run.RunId)}</code>.</p>");
        }

        html.Append("</details>\n");
    }
}
