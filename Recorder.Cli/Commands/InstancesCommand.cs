using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.ReadModels;
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
            if (parse.GetValue(json))
            {
                return context.Json(InstanceRecord.Of(instances));
            }

            if (instances.Count == 0)
            {
                context.Line(filter is null
                    ? $"No instances in this database yet. `{Wrap.Keep("recorder demo")}` makes a demo database."
                    : $"No strategy matches '{filter}'. List them with `{Wrap.Keep("recorder strategies")}`.");
                return ExitCodes.Ok;
            }

            var idLength = ShortIds.Length(instances.Select(i => i.InstanceId));
            // Left out to fit, in this order (docs/cli.md): Strategy, Timeframe, Symbol; then Parameters is cut.
            var table = new TextTable(
                new TextColumn("Instance"), new TextColumn("Strategy", DropOrder: 1, Shrinks: true), new TextColumn("Name"),
                new TextColumn("Parameters", Shrinks: true), new TextColumn("Symbol", DropOrder: 3),
                new TextColumn("Timeframe", DropOrder: 2, ShortHeader: "TF"), new TextColumn("Runs", true), new TextColumn("Net PnL", true));
            foreach (var i in instances)
            {
                table.Add(ShortIds.Cut(i.InstanceId, idLength), TextTable.Cell(i.StrategyName), TextTable.Cell(i.InstanceName),
                    InstanceParameters.Compact(i.ParametersJson), TextTable.Cell(i.Symbol), TextTable.Cell(i.Timeframe),
                    Numbers.Display(i.Runs, "count"), Numbers.Display(i.NetPnl, "money"));
            }

            context.Table(table, parse.GetValue(wide));
            context.Line($"{instances.Count} instance(s). Side by side: {Wrap.Keep("recorder compare <name> <name>…")}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
