using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>
/// `recorder drift &lt;forward run&gt; [&lt;backtest run&gt;]`: is the live (or paper) run still inside the band its
/// backtest's trades, resampled, say it should be in? (docs/metrics.md, "Drift"). Without a backtest named, the most
/// recent backtest of the same instance that ended before the forward run's first trade.
/// </summary>
internal static class DriftCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var wide = CommonOptions.Wide();
        var forwardArgument = new Argument<string>("forward") { Description = "The live or paper run: id, or a unique prefix of it." };
        var backtestArgument = new Argument<string?>("backtest")
        {
            Description = "The backtest whose trades make the band; default: the same instance's latest that ended before the forward run's first trade.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("drift", "Is a live or paper run still inside its backtest's expected band? A seeded bootstrap of the backtest's trades, trade by trade.")
        {
            forwardArgument, backtestArgument, wide, json,
        };
        command.SetAction(parse =>
        {
            using var reader = DatabaseAccess.OpenRead(context.Database(parse), context.Env);
            var named = parse.GetValue(backtestArgument);
            // Both runs found and the band computed from one snapshot of the file; printed after.
            var record = reader.InSnapshot(r => Drift(r, parse.GetValue(forwardArgument)!, named));

            if (parse.GetValue(json))
            {
                return context.Json(record);
            }

            DriftText.Write(context, record, parse.GetValue(wide));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static DriftRecord Drift(IRecorderReader reader, string forwardText, string? named)
    {
        var forward = Run(reader, RunResolver.Resolve(reader, forwardText));
        if (forward.RunType == "BACKTEST")
        {
            throw new CliException($"{forward.RunId} is a backtest. Name the live or paper run first: recorder drift <forward run> [<backtest run>]");
        }

        var backtest = named is not null ? Run(reader, RunResolver.Resolve(reader, named))
            : DriftInputs.DefaultBacktest(reader, forward) ?? throw new CliException(
                $"The instance of {forward.RunId[..8]} ({forward.InstanceName ?? forward.InstanceId}) has no ended backtest to compare with. " +
                $"Name one: recorder drift {forward.RunId[..8]} <backtest run>", ExitCodes.ProblemFound);
        try
        {
            return DriftView.Of(reader, forward, backtest, named is not null);
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message, ExitCodes.Usage);
        }
    }

    private static RunSummary Run(IRecorderReader reader, string runId) =>
        reader.Runs.Get(runId) ?? throw new CliException($"No run {runId}.", ExitCodes.Database);
}
