using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Runs;
using Spectre.Console;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>`recorder runs`: the runs in the file, filtered.</summary>
internal static class RunsCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var strategy = new Option<string?>("--strategy") { Description = "Strategy name (part of it) or id prefix." };
        var instance = new Option<string?>("--instance") { Description = "Instance name (part of it) or id prefix." };
        var type = new Option<string?>("--type") { Description = "Run type." };
        type.AcceptOnlyFromAmong("LIVE", "PAPER", "REPLAY", "BACKTEST", "live", "paper", "replay", "backtest");
        var status = new Option<string?>("--status") { Description = "Run status." };
        status.AcceptOnlyFromAmong("RUNNING", "COMPLETED", "FAILED", "CANCELED", "ABANDONED",
            "running", "completed", "failed", "canceled", "abandoned");
        var since = new Option<string?>("--since") { Description = "Runs started on or after this date (UTC).", HelpName = "date" };
        var until = new Option<string?>("--until") { Description = "Runs started before this date (UTC).", HelpName = "date" };
        var command = new Command("runs", "List the runs, filtered by strategy, instance, run type, status and date.")
        {
            strategy, instance, type, status, since, until, json,
        };
        command.SetAction(parse =>
        {
            var path = context.DatabasePath(parse);
            using var connection = DatabaseAccess.OpenRead(path);
            var filter = new RunFilter
            {
                Strategy = parse.GetValue(strategy), Instance = parse.GetValue(instance), RunType = parse.GetValue(type),
                Status = parse.GetValue(status), SinceUtc = DateArgument.Parse(parse.GetValue(since), "--since"),
                UntilUtc = DateArgument.Parse(parse.GetValue(until), "--until"),
            };
            var runs = RunQueries.List(connection, filter);
            if (parse.GetValue(json))
            {
                JsonOut.Write(context.Env.Out, w => RunJson.WriteList(w, runs));
                return ExitCodes.Ok;
            }

            if (runs.Count == 0)
            {
                context.Line("No runs match. Try `recorder runs` without filters, or `recorder demo` to make a demo database.");
                return ExitCodes.Ok;
            }

            var idLength = ShortIds.Length(RunQueries.AllIds(connection));
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumns("Run", "Strategy", "Instance", "Type", "Status", "Start (UTC)", "Orders", "Fills", "Trades", "Net PnL");
            foreach (var run in runs)
            {
                table.AddRow(
                    Markup.Escape(ShortIds.Cut(run.RunId, idLength)), Markup.Escape(run.StrategyName ?? "?"),
                    Markup.Escape(Parameters.InstanceLabel(run.InstanceName, run.ParametersJson)), run.RunType, run.Status,
                    Numbers.Time(run.StartUtc), Numbers.Display(run.OrderCount, "count"),
                    Numbers.Display(run.ExecutionCount, "count"), Numbers.Display(run.TradeCount, "count"),
                    Numbers.Display(run.NetPnl, "money"));
            }

            for (var i = 6; i < 10; i++)
            {
                table.Columns[i].RightAligned();
            }

            context.Console.Write(table);
            context.Line($"{runs.Count} run(s). Details: recorder show <run>; ids may be shortened to any unique prefix.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
