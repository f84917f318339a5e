using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Cli.Tables;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>`recorder executions &lt;run&gt;`: the run's fills, in time order.</summary>
internal static class ExecutionsCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var wide = CommonOptions.Wide();
        var run = new Argument<string>("run") { Description = "Run id, or a unique prefix of it." };
        var command = new Command("executions", "List a run's executions (fills): time, order, side, quantity, price, fee.") { run, wide, json };
        command.SetAction(parse =>
        {
            using var reader = DatabaseAccess.OpenRead(context.Database(parse), context.Env);
            var runId = RunResolver.Resolve(reader, parse.GetValue(run)!);
            var executions = reader.Trading.Executions(runId);
            if (parse.GetValue(json))
            {
                return context.Json(executions);
            }

            if (executions.Count == 0)
            {
                context.Line($"No executions recorded for run {runId}.");
                return ExitCodes.Ok;
            }

            // Left out to fit, in this order (docs/cli.md): Execution, Liquidity, Impact, Symbol, Fee.
            var table = new TextTable(
                new TextColumn("Time (UTC)"), new TextColumn("Execution", DropOrder: 1, Shrinks: true), new TextColumn("Order", Shrinks: true),
                new TextColumn("Symbol", DropOrder: 4), new TextColumn("Side"), new TextColumn("Qty", true), new TextColumn("Price", true),
                new TextColumn("Fee", true, 5), new TextColumn("Liquidity", DropOrder: 2), new TextColumn("Impact", DropOrder: 3));
            foreach (var x in executions)
            {
                // Fills can share a minute: seconds are shown ("2026-01-05 09:00:12").
                table.Add(Numbers.Time(x.ExecUtc, 19), TextTable.Cell(x.ExecutionId), TextTable.Cell(x.OrderId), TextTable.Cell(x.Symbol),
                    TextTable.Cell(x.Side), Numbers.Display(x.Quantity), Numbers.Display(x.Price), Numbers.Display(x.Fee),
                    TextTable.Cell(x.Liquidity), TextTable.Cell(x.PositionImpact));
            }

            context.Table(table, parse.GetValue(wide));
            context.Line($"{executions.Count} execution(s) of run {runId}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
