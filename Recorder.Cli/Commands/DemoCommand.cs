using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.Demo;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>`recorder demo`: a demo database from a sample strategy on synthetic data, then what to try next.</summary>
internal static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var wide = CommonOptions.Wide();
        var force = new Option<bool>("--force") { Description = "Replace the file even if it holds runs that are not from a demo." };
        var command = new Command("demo",
            "Create a demo database: one sample strategy, three parameter sets, each run as a backtest and a paper run, one more backtest over a paper run's period, and an optimisation of 25 passes, on synthetic data.")
        {
            force, wide, json,
        };
        command.SetAction(parse =>
        {
            var path = context.DatabaseFile(parse, creates: true);
            if (File.Exists(path))
            {
                if (!parse.GetValue(force) && !DemoDatabase.HoldsOnlyDemoRuns(path))
                {
                    throw new CliException($"{path} already exists and holds runs that are not from a demo. Choose another file with --db, or replace it with --force.");
                }

                // Another program in the middle of a write (DB Browser with unsaved changes) holds the write lock: replacing
                // the file would throw its work away, so the demo stops as every other writing command does (exit code 3).
                if (RecorderStore.IsWriteLocked(path))
                {
                    throw new CliException($"{path} is locked by another program (DB Browser with unsaved changes, or a recorder writing). The demo did not replace it; close or save it there, then retry.", ExitCodes.Database);
                }

                try
                {
                    DemoDatabase.Delete(path);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new CliException($"{path} cannot be replaced: {ex.Message} Close the program that has it open, then retry.", ExitCodes.Database);
                }
            }

            var recorded = context.WithProgress(parse, "Recording demo runs", progress => DemoRecording.Record(path, progress));
            using (var connection = DatabaseAccess.OpenWrite(path, context.Env))
            {
                context.WithProgress(parse, "Analysing runs",
                    progress => AnalyzeCommand.AnalyzeAll(context.Env.Analysis, connection, recorded.Select(r => r.RunId).ToList(), progress));
            }

            // Every demo run has ended, so its run-lock folder is empty: a demo leaves only the database behind.
            if (Directory.Exists(path + ".runs") && !Directory.EnumerateFileSystemEntries(path + ".runs").Any())
            {
                Directory.Delete(path + ".runs");
            }

            using var reader = DatabaseAccess.OpenRead(path, context.Env);
            var runs = reader.Runs.List(new RunQuery()).Runs;
            var quarantined = reader.Health.QuarantinedEvents();
            if (parse.GetValue(json))
            {
                return context.Json(new { Database = path, Runs = RunRecord.Of(reader, runs) });
            }

            Summarise(context, path, runs, recorded, quarantined, parse.GetValue(context.DatabaseOption) is not null, parse.GetValue(wide));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Summarise(CliContext context, string path, IReadOnlyList<RunSummary> runs,
        IReadOnlyList<DemoRecordedRun> recorded, long quarantined, bool explicitDb, bool wide)
    {
        var idLength = ShortIds.Length(runs.Select(r => r.RunId));
        var passes = recorded.Where(r => r.Study is not null).Select(r => r.RunId).ToHashSet(StringComparer.Ordinal);
        var single = runs.Where(r => !passes.Contains(r.RunId)).ToList();
        context.Line($"Recorded {runs.Count} runs of \"{DemoRecording.StrategyName}\" (3 parameter sets × backtest + paper, a backtest of \"Medium 10/30\" over its paper run's period, " +
            $"and an optimisation of {passes.Count} backtest passes, study \"{DemoRecording.StudyName}\") into {Wrap.Keep(path)}");
        context.Line("The sample strategy ran on the stand-in platform (backtester and trading simulator) with the recorder plugin's RunRecorder.");
        // Left out to fit, in this order (docs/cli.md): Bars, Orders, Fills.
        var table = new TextTable(
            new TextColumn("Run"), new TextColumn("Instance"), new TextColumn("Type"), new TextColumn("Period (UTC)"),
            new TextColumn("Bars", true, 1), new TextColumn("Orders", true, 2), new TextColumn("Fills", true, 3),
            new TextColumn("Trades", true), new TextColumn("Net PnL", true));
        foreach (var run in single)
        {
            table.Add(ShortIds.Cut(run.RunId, idLength), run.InstanceName ?? "", run.RunType,
                $"{Numbers.Time(run.StartUtc, 10)} → {Numbers.Time(run.EndUtc, 10)}", $"{run.BarCount}", $"{run.OrderCount}",
                $"{run.ExecutionCount}", Numbers.Display(run.TradeCount, "count"), Numbers.Display(run.NetPnl, "money"));
        }

        context.Table(table, wide);
        context.Line($"… and the {passes.Count} passes of study \"{DemoRecording.StudyName}\": the fast period × the slow period over 5 × 5 values, each a backtest of the same 86 days as the first three.");
        foreach (var problem in recorded.SelectMany(r => r.Problems))
        {
            context.Warn(problem);
        }

        if (quarantined > 0)
        {
            context.Warn($"{quarantined} event(s) were quarantined; see the ingest_quarantine table.");
        }

        DemoHints.Write(context, runs, single.Select(r => r.RunId).ToList(), idLength, explicitDb ? path : null);
    }
}
