using System.CommandLine;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Cli.Analysis;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.Storage.Analysis;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>`recorder analyze &lt;run&gt;|--all`: (re)computes trades, equity, execution quality and metrics.</summary>
internal static class AnalyzeCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var run = new Argument<string?>("run") { Description = "Run id, or a unique prefix of it.", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Every run in the file (on a team database, without it: the runs without metrics)." };
        var command = new Command("analyze", "(Re)compute a run's trades, equity, execution quality and metrics; writes to the database.")
        {
            run, all, json,
        };
        command.SetAction(parse =>
        {
            var runText = parse.GetValue(run);
            var everything = parse.GetValue(all);
            var database = context.Database(parse);
            // The team database's default is the runs without metrics (pushed before analysis, or analysis deleted).
            if (everything && runText is not null || database is RecorderDatabase.File && !everything && runText is null)
            {
                throw new CliException("Give either a run id or --all, e.g. `recorder analyze --all`.");
            }

            IReadOnlyList<AnalysisSummary> summaries;
            if (database is RecorderDatabase.Team team)
            {
                summaries = context.WithProgress(parse, "Analysing runs", progress => TeamRunAnalysis.Run(team.ConnectionString, runText, everything, context.Time, progress));
            }
            else
            {
                var path = ((RecorderDatabase.File)database).Path;
                IReadOnlyList<string> runIds;
                using (var reader = DatabaseAccess.OpenRead(path, context.Env))
                {
                    runIds = everything ? reader.Runs.Ids() : [RunResolver.Resolve(reader, runText!)];
                }

                using var connection = DatabaseAccess.OpenWrite(path, context.Env);
                summaries = context.WithProgress(parse, "Analysing runs", progress => AnalyzeAll(context.Env.Analysis, connection, runIds, progress));
            }

            if (parse.GetValue(json))
            {
                return context.Json(summaries);
            }

            var table = new TextTable(new TextColumn("Run"), new TextColumn("Trades", true), new TextColumn("Open", true),
                new TextColumn("Equity points", true, 2), new TextColumn("Metrics", true, 1), new TextColumn("Net PnL", true));
            foreach (var s in summaries)
            {
                table.Add(s.RunId, Numbers.Display(s.TradeCount, "count"), Numbers.Display(s.OpenPositionCount, "count"),
                    Numbers.Display(s.EquityPointCount, "count"), Numbers.Display(s.MetricCount, "count"), Numbers.Display(s.NetPnl, "money"));
            }

            context.Table(table, wide: false);
            context.Line($"Analysed {summaries.Count} run(s). See them with `{Wrap.Keep("recorder show <run>")}` or `{Wrap.Keep("recorder trades <run>")}`.");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static IReadOnlyList<AnalysisSummary> AnalyzeAll(IRunAnalysisService service, SqliteConnection connection,
        IReadOnlyList<string> runIds, IProgress<(long Done, long Total)> progress)
    {
        // The deflated Sharpe figures count the Sharpe ratios of the runs each was chosen among: stored once every run
        // is analysed, so they do not depend on the order the runs were analysed in.
        var summaries = AnalysisSummary.All(runIds, [], runId => service.Analyze(connection, runId, trialFigures: false), progress);
        service.StoreTrialFigures(connection, runIds);
        return summaries;
    }
}
