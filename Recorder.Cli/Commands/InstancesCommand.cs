using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.Server.Contract;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>`recorder instances [&lt;strategy&gt;]`: parameter sets, of one strategy or of all.</summary>
internal static class InstancesCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var wide = CommonOptions.Wide();
        var strategy = new Argument<string?>("strategy")
        {
            Description = "Strategy name (part of it, any case) or id prefix; every strategy when left out.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("instances", "List parameter sets (instances): parameters, symbol, timeframe, runs and their total net PnL.")
        {
            strategy, wide, json,
        };
        command.SetAction(parse =>
        {
            using var reader = DatabaseAccess.OpenRead(context.Database(parse), context.Env);
            var filter = parse.GetValue(strategy);
            var instances = reader.Catalog.Instances(string.IsNullOrWhiteSpace(filter) ? null : filter.Trim());
            var rows = CatalogRows.Instances(instances);
            if (parse.GetValue(json))
            {
                ContractJson.Write(context.Env.Out, InstanceRecord.Of(instances));
                return ExitCodes.Ok;
            }

            if (rows.Rows.Count == 0)
            {
                context.Line(filter is null
                    ? "No instances in this database yet. `recorder demo` makes a demo database."
                    : $"No strategy matches '{filter}'. List them with `recorder strategies`.");
                return ExitCodes.Ok;
            }

            var idLength = ShortIds.Length(rows.Rows.Select(r => (string)r[0]!));
            // Left out to fit, in this order (docs/cli.md): Strategy, Timeframe, Symbol; then Parameters is cut.
            context.Table(RowColumn.Table(rows,
                new("instance_id", new TextColumn("Instance"), RowColumn.Cut(idLength)),
                new("strategy_name", new TextColumn("Strategy", DropOrder: 1, Shrinks: true), RowColumn.Text),
                new("instance_name", new TextColumn("Name", Shrinks: true), RowColumn.Text),
                new("parameters_json", new TextColumn("Parameters", Shrinks: true), v => Parameters.Compact(v as string)),
                new("symbol", new TextColumn("Symbol", DropOrder: 3), RowColumn.Text),
                new("timeframe", new TextColumn("Timeframe", DropOrder: 2, ShortHeader: "TF"), RowColumn.Text),
                new("runs", new TextColumn("Runs", true), RowColumn.Count),
                new("net_pnl", new TextColumn("Net PnL", true), RowColumn.Money)), parse.GetValue(wide));
            context.Line($"{rows.Rows.Count} instance(s). Side by side: recorder compare <name> <name>…");
            return ExitCodes.Ok;
        });
        return command;
    }
}
