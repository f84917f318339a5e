using System.CommandLine;
using QuantowerRecorder.Analytics.Metrics;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Journal;
using QuantowerRecorder.Cli.Metrics;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>`recorder show &lt;run&gt;`: one run with its instance parameters and metrics.</summary>
internal static class ShowCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var wide = CommonOptions.Wide();
        var run = new Argument<string>("run") { Description = "Run id, or a unique prefix of it." };
        var command = new Command("show", "Show one run: strategy, instance parameters, counts and metrics.") { run, wide, json };
        command.SetAction(parse =>
        {
            var database = context.Database(parse);
            var asJson = parse.GetValue(json);
            // One question, one snapshot: the run is resolved and every row it shows read once, in one read transaction,
            // so a run being recorded meanwhile is shown as it was at one moment. The printing comes after.
            using var reader = DatabaseAccess.OpenRead(database, context.Env);
            var (found, detail, trialsNow) = reader.InSnapshot(r =>
            {
                var runId = RunResolver.Resolve(r, parse.GetValue(run)!);
                var found = r.Runs.Detail(runId)!;
                // The record --json writes; its metrics come in the order the table shows them.
                var detail = RunDetailRecord.Of(r, found);
                // A running run's analysis has no deflated Sharpe to compare with its trials now (it comes at the end).
                var trialsNow = asJson || detail.Metrics.Count == 0 || found.Run.AnalysisWholeRun == false ? null : r.Studies.DeflatedSharpe(runId);
                return (found, detail, trialsNow);
            });
            if (asJson)
            {
                return context.Json(detail);
            }

            var row = found.Run;

            // Name and value, a long value wrapped between words under itself (never inside a word), so the run id and
            // numbers stay whole and copyable.
            var width = parse.GetValue(wide) ? null : context.Layout(wide: false).Width;
            void Fact(string name, string? value)
            {
                foreach (var line in Wrap.Indented($"{name,-16} ", value ?? "–", width))
                {
                    context.Env.Out.WriteLine(line);
                }
            }
            Fact("Run", row.RunId);
            Fact("Strategy", $"{row.StrategyName} {row.StrategyVersion}".Trim());
            Fact("Instance", $"{InstanceParameters.InstanceLabel(row.InstanceName, row.ParametersJson)} ({row.InstanceId})");
            Fact("Parameters", InstanceParameters.Compact(row.ParametersJson));
            Fact("Symbol", $"{row.Symbol} {row.Timeframe}" + (string.IsNullOrWhiteSpace(row.AccountId) ? "" : $"  account {row.AccountId}"));
            Fact("Type / status", $"{row.RunType} / {row.Status}");
            Fact("Time (UTC)", $"{Numbers.Time(row.StartUtc)} → {Numbers.Time(row.EndUtc)}");
            Fact("Initial balance", row.InitialBalance is null ? null : $"{Numbers.Display(row.InitialBalance, "money")} {row.BaseCurrency}");
            Fact("Recorded", $"{row.OrderCount} orders, {row.ExecutionCount} fills, {row.BarCount} bars");
            if (AsOf(row) is { } asOf)
            {
                Fact("Analysis", asOf);
            }

            if (row.ErrorMessage is not null)
            {
                Fact("Error", row.ErrorMessage);
            }

            // What people wrote about the run and the study pass it came from (Journal/JournalLines).
            JournalLines.Show(detail.Journal!, detail.StudyPasses, width).ToList().ForEach(context.Line);

            if (detail.Metrics.Count == 0)
            {
                context.Line($"No metrics yet. Compute them with: {Wrap.Keep("recorder analyze " + row.RunId)}");
                return ExitCodes.Ok;
            }

            // Named as a trader reads them (the keys are in --json); left out to fit (docs/cli.md): Unit (the value already
            // carries % where it is one, and a duration its own units).
            var table = new TextTable(new TextColumn("Metric", Shrinks: true), new TextColumn("Value", true), new TextColumn("Unit", DropOrder: 1));
            foreach (var metric in detail.Metrics)
            {
                // A figure the run is too short or too small for says so (not enough time …), as a study's does.
                var why = metric.Value is null ? AnnualisedPeriod.StoredReason(detail.Notes, metric.Key) : null;
                table.Add(MetricLabels.Of(metric.Key), why ?? Numbers.Display(metric.Value, metric.Unit),
                    Durations.IsDuration(metric.Unit) ? "" : metric.Unit ?? "");
            }

            context.Line();
            context.Table(table, parse.GetValue(wide));
            var label = "Deflated Sharpe";
            foreach (var line in ShowDeflatedSharpe.Lines(detail, trialsNow))
            {
                Fact(label, line);
                label = "";
            }

            InstrumentWarnings.For(found.Notes).ToList().ForEach(context.Warn);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// What the metrics below are as of, when that needs saying: a running run's are its analysis kept a few seconds
    /// behind its events (the run's time of the newest event it saw), without what needs the whole run; an ended run's
    /// that was analysed only while it ran (its end's analysis not stored) says how to complete it.
    /// </summary>
    internal static string? AsOf(RunSummary run)
    {
        if (run.AnalysisAsOfUtc is not { Length: >= 19 } stamp)
        {
            return null;
        }

        var time = stamp.Substring(11, 8);
        if (run.Status == "RUNNING")
        {
            return $"running, as of {time}" + (run.AnalysisWholeRun == false ? " (validation at its end)" : "");
        }

        return run.AnalysisWholeRun == false
            ? $"as of {time}, before its end; {Wrap.Keep("recorder analyze " + run.RunId)} completes it"
            : null;
    }
}
