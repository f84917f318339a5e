using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Storage.Analysis;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>
/// `recorder insight &lt;run&gt;`: what the run's analysis stored beyond its metrics — where each order's cost went
/// (implementation shortfall), how its brackets ended, PnL by the order flow at entry, and the walk-forward efficiency
/// of its instance when it has backtests followed by forward runs (docs/metrics.md, "Insight").
/// </summary>
internal static class InsightCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var wide = CommonOptions.Wide();
        var run = new Argument<string>("run") { Description = "Run id, or a unique prefix of it." };
        var command = new Command("insight", "Show a run's implementation shortfall, bracket outcomes, PnL by order flow at entry and its instance's walk-forward efficiency.")
        {
            run, wide, json,
        };
        command.SetAction(parse =>
        {
            var database = context.Database(parse);
            using var reader = DatabaseAccess.OpenRead(database, context.Env);
            var runId = RunResolver.Resolve(reader, parse.GetValue(run)!);
            var insight = reader.Performance.Insight(runId) ?? throw new CliException(
                $"This file has an older schema without stored insight. Upgrade and analyse it: recorder analyze --all --db \"{database.Shown}\"",
                ExitCodes.Database);
            if (parse.GetValue(json))
            {
                return context.Json(InsightJson.Of(insight));
            }

            InsightOutput.Text(context, insight, parse.GetValue(wide));
            return ExitCodes.Ok;
        });
        return command;
    }
}
