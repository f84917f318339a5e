using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.Server.Contract;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>`recorder strategies`: the strategies in the file, with how many parameter sets and runs each has.</summary>
internal static class StrategiesCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var wide = CommonOptions.Wide();
        var command = new Command("strategies", "List the strategies: name, version, vendor, parameter sets (instances) and runs.") { wide, json };
        command.SetAction(parse =>
        {
            using var reader = DatabaseAccess.OpenRead(context.Database(parse), context.Env);
            var strategies = reader.Catalog.Strategies();
            var rows = CatalogRows.Strategies(strategies);
            if (parse.GetValue(json))
            {
                ContractJson.Write(context.Env.Out, StrategyRecord.Of(strategies));
                return ExitCodes.Ok;
            }

            if (rows.Rows.Count == 0)
            {
                context.Line("No strategies in this database yet. `recorder demo` makes a demo database.");
                return ExitCodes.Ok;
            }

            var idLength = ShortIds.Length(rows.Rows.Select(r => (string)r[0]!));
            // Left out to fit, in this order (docs/cli.md): Vendor, Version, Last run.
            context.Table(RowColumn.Table(rows,
                new("strategy_id", new TextColumn("Strategy"), RowColumn.Cut(idLength)),
                new("name", new TextColumn("Name", Shrinks: true), RowColumn.Text),
                new("version", new TextColumn("Version", DropOrder: 2), RowColumn.Text),
                new("vendor", new TextColumn("Vendor", DropOrder: 1, Shrinks: true), RowColumn.Text),
                new("instances", new TextColumn("Instances", true, ShortHeader: "Inst."), RowColumn.Count),
                new("runs", new TextColumn("Runs", true), RowColumn.Count),
                new("last_run_utc", new TextColumn("Last run (UTC)", DropOrder: 3, ShortHeader: "Last run"), RowColumn.Time)), parse.GetValue(wide));
            context.Line($"{rows.Rows.Count} strateg{(rows.Rows.Count == 1 ? "y" : "ies")}. Its parameter sets: recorder instances <strategy>");
            return ExitCodes.Ok;
        });
        return command;
    }
}
