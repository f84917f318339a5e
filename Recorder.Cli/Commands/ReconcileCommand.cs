using System.CommandLine;
using System.Globalization;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Analytics.Insight;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.Storage;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>
/// `recorder reconcile &lt;forward run&gt; [&lt;backtest run&gt;]`: does the live (or paper) run behave like its backtest?
/// Trades matched by symbol, side and entry time; missed and extra trades; the PnL bridge from the backtest's net PnL to
/// the forward run's (docs/metrics.md, "Reconciliation"). Without a backtest named, the backtest of the same instance
/// that covers the forward run's period.
/// </summary>
internal static class ReconcileCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var wide = CommonOptions.Wide();
        var forwardArgument = new Argument<string>("forward") { Description = "The live or paper run: id, or a unique prefix of it." };
        var backtestArgument = new Argument<string?>("backtest")
        {
            Description = "The backtest to compare with; default: the same instance's backtest that covers the forward run's period.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var tolerance = new Option<double>("--tolerance")
        {
            Description = "Largest difference of entry times, in seconds, for two trades to be the same trade.",
            DefaultValueFactory = _ => 60,
        };
        var command = new Command("reconcile", "Compare a live or paper run with its backtest: matched, missed and extra trades, and where the PnL difference comes from.")
        {
            forwardArgument, backtestArgument, tolerance, wide, json,
        };
        command.SetAction(parse =>
        {
            var seconds = parse.GetValue(tolerance);
            if (!double.IsFinite(seconds) || seconds < 0)
            {
                throw new CliException($"--tolerance must be a number of seconds, 0 or more (got {seconds.ToString(CultureInfo.InvariantCulture)}).");
            }

            var database = context.Database(parse);
            using var reader = DatabaseAccess.OpenRead(database, context.Env);
            var forward = Run(reader, RunResolver.Resolve(reader, parse.GetValue(forwardArgument)!));
            if (forward.RunType == "BACKTEST")
            {
                throw new CliException($"{forward.RunId} is a backtest. Name the live or paper run first: recorder reconcile <forward run> [<backtest run>]");
            }

            var backtest = parse.GetValue(backtestArgument) is { } named
                ? Run(reader, RunResolver.Resolve(reader, named))
                : CoveringBacktest(reader, forward);
            if (backtest.RunType != "BACKTEST")
            {
                throw new CliException($"{backtest.RunId} is a {backtest.RunType} run, not a backtest.");
            }

            var result = Reconciler.Reconcile(ReconciliationView.Side(reader, backtest.RunId), ReconciliationView.Side(reader, forward.RunId),
                new ReconciliationOptions { EntryTolerance = TimeSpan.FromSeconds(seconds) });
            if (parse.GetValue(json))
            {
                return context.Json(ReconcileOutput.Json(forward, backtest, result));
            }

            ReconcileOutput.Text(context, forward, backtest, result, parse.GetValue(wide));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static RunSummary Run(IRecorderReader reader, string runId) =>
        reader.Runs.Get(runId) ?? throw new CliException($"No run {runId}.", ExitCodes.Database);

    private static RunSummary CoveringBacktest(IRecorderReader reader, RunSummary forward)
    {
        var backtests = reader.Runs.List(new RunQuery { InstanceId = forward.InstanceId, RunType = "BACKTEST" }).Runs;
        var chosen = BacktestChoice.Covering(ReconciliationView.Span(forward), backtests.Where(b => b.EndUtc is not null).Select(ReconciliationView.Span));
        if (chosen is null)
        {
            var hint = backtests.Count == 0
                ? "The instance has no backtest."
                : $"Its backtests: {string.Join(", ", backtests.Select(b => $"{b.RunId[..8]} ({Numbers.Time(b.StartUtc)} – {Numbers.Time(b.EndUtc)})"))}.";
            throw new CliException(
                $"No backtest of this instance covers the forward run's period ({Numbers.Time(forward.StartUtc)} – {Numbers.Time(forward.EndUtc)}). {hint} " +
                $"Name one: recorder reconcile {forward.RunId[..8]} <backtest run>", ExitCodes.ProblemFound);
        }

        return backtests.First(b => b.RunId == chosen.RunId);
    }
}
