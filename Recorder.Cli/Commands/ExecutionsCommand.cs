using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.Server.Contract;

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
            var rows = CatalogRows.Executions(executions);
            if (parse.GetValue(json))
            {
                ContractJson.Write(context.Env.Out, executions);
                return ExitCodes.Ok;
            }

            if (rows.Rows.Count == 0)
            {
                context.Line($"No executions recorded for run {runId}.");
                return ExitCodes.Ok;
            }

            // Left out to fit, in this order (docs/cli.md): Execution, Liquidity, Impact, Symbol, Fee.
            context.Table(RowColumn.Table(rows,
                new("exec_utc", new TextColumn("Time (UTC)"), v => Timestamp(v as string)),
                new("execution_id", new TextColumn("Execution", DropOrder: 1, Shrinks: true), RowColumn.Text),
                new("order_id", new TextColumn("Order", Shrinks: true), RowColumn.Text),
                new("symbol", new TextColumn("Symbol", DropOrder: 4), RowColumn.Text),
                new("side", new TextColumn("Side"), RowColumn.Text),
                new("quantity", new TextColumn("Qty", true), RowColumn.Number),
                new("price", new TextColumn("Price", true), RowColumn.Number),
                new("fee", new TextColumn("Fee", true, 5), RowColumn.Number),
                new("liquidity", new TextColumn("Liquidity", DropOrder: 2), RowColumn.Text),
                new("position_impact", new TextColumn("Impact", DropOrder: 3), RowColumn.Text)), parse.GetValue(wide));
            context.Line($"{rows.Rows.Count} execution(s) of run {runId}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    // Fills can share a minute: seconds are shown ("2026-01-05 09:00:12").
    private static string Timestamp(string? stored) =>
        string.IsNullOrEmpty(stored) ? "–" : stored.Length >= 19 ? stored[..19].Replace('T', ' ') : stored;
}
