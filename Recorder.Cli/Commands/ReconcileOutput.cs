using System.Globalization;
using System.Text.Json.Nodes;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Insight;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>How `recorder reconcile` prints its result: tables for people, JSON for programs.</summary>
internal static class ReconcileOutput
{
    public static void Text(CliContext context, RunSummary forward, RunSummary backtest, Reconciliation result, bool wide)
    {
        Header(context, "Forward  ", forward);
        Header(context, "Backtest ", backtest);
        context.Line(string.Create(CultureInfo.InvariantCulture,
            $"{result.Matched.Count} trade(s) in both, {result.Missed.Count} missed (backtest only), {result.Extra.Count} extra (forward only)."));
        context.Line();

        if (result.Bridge is { } bridge)
        {
            var currency = bridge.Currency ?? "money";
            var table = new TextTable(new TextColumn("From backtest to forward"), new TextColumn(currency, true));
            table.Add("Backtest net PnL", Numbers.Display(bridge.BacktestNetPnl, "money"));
            table.Add("  missed trades", Money(bridge.Parts.Missed));
            table.Add("  extra trades", Money(bridge.Parts.Extra));
            table.Add("  entry slippage", Money(bridge.Parts.EntrySlippage));
            table.Add("  exit slippage", Money(bridge.Parts.ExitSlippage));
            table.Add("  fees", Money(bridge.Parts.Fees));
            table.Add("  timing", Money(bridge.Parts.Timing));
            table.Add("  rest (size)", Money(bridge.Parts.Rest));
            table.Add("Forward net PnL", Numbers.Display(bridge.ForwardNetPnl, "money"));
            context.Table(table, wide);
            context.Line();
        }

        if (result.Matched.Count > 0)
        {
            // Left out to fit, in this order (docs/cli.md): exit price difference, exit time difference, symbol, entry time difference.
            var matched = new TextTable(
                new TextColumn("BT #", true), new TextColumn("Fwd #", true), new TextColumn("Symbol", DropOrder: 3), new TextColumn("Side"),
                new TextColumn("Entry (UTC)"), new TextColumn("Entry Δt", true, DropOrder: 4), new TextColumn("Entry Δ", true),
                new TextColumn("Exit Δt", true, DropOrder: 2), new TextColumn("Exit Δ", true, DropOrder: 1), new TextColumn("Net Δ", true));
            foreach (var m in result.Matched)
            {
                matched.Add(Count(m.Backtest.Number), Count(m.Forward.Number), m.Forward.Symbol, m.Forward.Side.ToString(),
                    Numbers.Time(m.Backtest.EntryTimeUtc.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture)),
                    Seconds(m.EntryTimeDifference), Numbers.Display(m.EntryPriceDifference), Seconds(m.ExitTimeDifference),
                    Numbers.Display(m.ExitPriceDifference), Numbers.Display(m.NetPnlDifference, "money"));
            }

            context.Table(matched, wide);
        }

        foreach (var (label, trades) in new[] { ("Missed (backtest only)", result.Missed), ("Extra (forward only)", result.Extra) })
        {
            if (trades.Count > 0)
            {
                context.Line();
                context.Line(label + ":");
                context.Table(Trades(trades), wide);
            }
        }

        foreach (var note in result.Notes)
        {
            context.Warn(note);
        }
    }

    // "Forward  <run id>  PAPER  <start> – <end>  <instance>", continued under the run id where the terminal is narrow;
    // the id, each time and the instance's name stay whole.
    private static void Header(CliContext context, string label, RunSummary run)
    {
        var text = $"{run.RunId}  {run.RunType,-8} {Wrap.Keep(Numbers.Time(run.StartUtc))} – {Wrap.Keep(Numbers.Time(run.EndUtc))}  {Wrap.Keep(run.InstanceName ?? run.InstanceId)}";
        foreach (var line in Wrap.Indented(label, text, context.Width))
        {
            context.Env.Out.WriteLine(line);
        }
    }

    /// <summary>What `reconcile --json` writes.</summary>
    public static object Json(RunSummary forward, RunSummary backtest, Reconciliation result) => new
    {
        ForwardRun = forward.RunId, BacktestRun = backtest.RunId, MatchedCount = result.Matched.Count, MissedCount = result.Missed.Count,
        ExtraCount = result.Extra.Count, Bridge = result.Bridge is { } bridge ? JsonNode.Parse(bridge.ToJson()) : null,
        Matched = result.Matched.Select(m => new
        {
            BacktestTrade = m.Backtest.Number, ForwardTrade = m.Forward.Number, m.Forward.Symbol, Side = m.Forward.Side.ToString(),
            EntryTimeDifferenceS = m.EntryTimeDifference.TotalSeconds, ExitTimeDifferenceS = m.ExitTimeDifference.TotalSeconds,
            m.EntryPriceDifference, m.ExitPriceDifference, m.NetPnlDifference,
        }),
        Missed = TradeList(result.Missed), Extra = TradeList(result.Extra), result.Notes,
    };

    private static IEnumerable<object> TradeList(IReadOnlyList<RoundTrip> trades) => trades.Select(t => new
    {
        Trade = t.Number, t.Symbol, Side = t.Side.ToString(), EntryUtc = t.EntryTimeUtc.ToString("O", CultureInfo.InvariantCulture), t.NetPnl,
    });

    private static TextTable Trades(IReadOnlyList<RoundTrip> trades)
    {
        var table = new TextTable(new TextColumn("#", true), new TextColumn("Symbol"), new TextColumn("Side"),
            new TextColumn("Entry (UTC)"), new TextColumn("Qty", true, 3), new TextColumn("Net PnL", true));
        foreach (var t in trades)
        {
            table.Add(Count(t.Number), t.Symbol, t.Side.ToString(),
                Numbers.Time(t.EntryTimeUtc.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture)),
                Numbers.Display(t.Quantity), Numbers.Display(t.NetPnl, "money"));
        }

        return table;
    }

    // A part that is nothing prints 0.00, not -0.00.
    private static string Money(double value) => Numbers.Display(value + 0.0, "money");

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("+0.###;-0.###;0", CultureInfo.InvariantCulture) + " s";
}
