using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Cli.Tables;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>`recorder trades &lt;run&gt;`: the run's round-trip trades (and positions still open at its end).</summary>
internal static class TradesCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var wide = CommonOptions.Wide();
        var run = new Argument<string>("run") { Description = "Run id, or a unique prefix of it." };
        var command = new Command("trades", "List a run's round-trip trades.") { run, wide, json };
        command.SetAction(parse =>
        {
            var database = context.Database(parse);
            using var reader = DatabaseAccess.OpenRead(database, context.Env);
            DatabaseAccess.RequireDerivedTables(reader, database);
            var runId = RunResolver.Resolve(reader, parse.GetValue(run)!);
            // The same rows as `export --what trades`.
            var trades = reader.Trading.Trades(runId);
            if (parse.GetValue(json))
            {
                return context.Json(trades);
            }

            if (trades.Count == 0)
            {
                context.Line($"No trades stored for run {runId}. If it has fills, compute them with: {Wrap.Keep("recorder analyze " + runId)}");
                return ExitCodes.Ok;
            }

            // Left out to fit, in this order (docs/cli.md): Exit (UTC), R, Qty, Exit reason.
            var table = new TextTable(
                new TextColumn("#", true), new TextColumn("Side"), new TextColumn("Qty", true, 3),
                new TextColumn("Entry (UTC)"), new TextColumn("Entry", true), new TextColumn("Exit (UTC)", DropOrder: 1),
                new TextColumn("Exit", true), new TextColumn("Net PnL", true), new TextColumn("R", true, 2),
                new TextColumn("Exit reason", DropOrder: 4, ShortHeader: "Reason"));

            double total = 0;
            foreach (var t in trades)
            {
                var pnl = t.IsOpen ? t.UnrealizedPnl : t.NetPnl;
                total += pnl ?? 0;
                table.Add(
                    t.IsOpen ? "open" : Csv.Value(t.TradeNo), TextTable.Cell(t.Side), Numbers.Display(t.Quantity),
                    Numbers.Time(t.EntryUtc), Numbers.Display(t.EntryPrice), Numbers.Time(t.ExitUtc), Numbers.Display(t.ExitPrice),
                    Numbers.Display(pnl, "money"), Numbers.Display(t.RMultiple), t.ExitReason ?? (t.IsOpen ? "still open" : "–"));
            }

            context.Table(table, parse.GetValue(wide));
            var mixed = ReadModels.InstrumentWarnings.MixesCurrencies(reader, runId);
            context.Line($"{trades.Count} row(s), net PnL {(mixed ? "not added (several currencies)" : Numbers.Display(total, "money"))} (open positions at their unrealised PnL).");
            ReadModels.InstrumentWarnings.For(reader, runId).ToList().ForEach(context.Warn);
            return ExitCodes.Ok;
        });
        return command;
    }
}
