using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.ReadModels;
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
            if (parse.GetValue(json))
            {
                return context.Json(StrategyRecord.Of(strategies));
            }

            if (strategies.Count == 0)
            {
                context.Line($"No strategies in this database yet. `{Wrap.Keep("recorder demo")}` makes a demo database.");
                return ExitCodes.Ok;
            }

            var idLength = ShortIds.Length(strategies.Select(s => s.StrategyId));
            // Left out to fit, in this order (docs/cli.md): Vendor, Version, Last run.
            var table = new TextTable(
                new TextColumn("Strategy"), new TextColumn("Name", Shrinks: true), new TextColumn("Version", DropOrder: 2),
                new TextColumn("Vendor", DropOrder: 1, Shrinks: true), new TextColumn("Instances", true, ShortHeader: "Inst."),
                new TextColumn("Runs", true), new TextColumn("Last run (UTC)", DropOrder: 3, ShortHeader: "Last run"));
            foreach (var s in strategies)
            {
                table.Add(ShortIds.Cut(s.StrategyId, idLength), TextTable.Cell(s.Name), TextTable.Cell(s.Version), TextTable.Cell(s.Vendor),
                    Numbers.Display(s.Instances, "count"), Numbers.Display(s.Runs, "count"), Numbers.Time(s.LastRunUtc));
            }

            context.Table(table, parse.GetValue(wide));
            context.Line($"{strategies.Count} strateg{(strategies.Count == 1 ? "y" : "ies")}. Its parameter sets: {Wrap.Keep("recorder instances <strategy>")}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
