using System.CommandLine;
using System.Text;
using QuantowerRecorder.Artifacts;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.Cli.Report;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>
/// `recorder report &lt;run&gt;… | --study &lt;study&gt; -o report.html`: the page's tearsheet (or study) view saved as one
/// self-contained HTML file that works offline (<see cref="SavedPage"/>).
/// </summary>
internal static class ReportCommand
{
    public static Command Create(CliContext context)
    {
        var runs = new Argument<string[]>("run") { Description = "Runs (id or unique prefix); several are overlaid.", Arity = ArgumentArity.ZeroOrMore };
        var study = new Option<string?>("--study") { Description = "Report one study instead of runs (its name, id or id prefix): passes, surfaces, plateau pick, importance, deflated Sharpe, PBO.", HelpName = "study" };
        var objective = new Option<string?>("--objective") { Description = "With --study: the metric to rank passes by (default: the study's own, else sharpe)." };
        var output = new Option<string>("--output", "-o") { Description = "The HTML file to write.", HelpName = "file", DefaultValueFactory = _ => "report.html" };
        var json = CommonOptions.Json();
        var command = new Command("report", "Write one self-contained HTML tearsheet (equity, underwater, worst drawdowns, metrics, monthly returns, daily return distribution, rolling Sharpe, MAE/MFE, breakdowns, reconciliation, trades).")
        {
            runs, study, objective, output, json,
        };
        command.SetAction(parse =>
        {
            var database = context.Database(parse);
            var given = parse.GetValue(runs) ?? [];
            if (parse.GetValue(study) is { } name)
            {
                return given.Length > 0
                    ? throw new CliException("Give either runs or --study, not both: a study report covers the study's passes.", ExitCodes.Usage)
                    : ReportStudy.Write(context, database, name, parse.GetValue(objective), parse.GetValue(output)!, parse.GetValue(json));
            }

            if (given.Length == 0)
            {
                throw new CliException("Give the runs to report on (id or unique prefix), or --study <study> for a study report.", ExitCodes.Usage);
            }

            if (parse.GetValue(objective) is not null)
            {
                throw new CliException("--objective applies to a study report (--study).", ExitCodes.Usage);
            }

            using var reader = DatabaseAccess.OpenRead(database, context.Env);
            // The page's tearsheet of the runs, answered ahead from the read API as the server answers it, in one
            // snapshot: a run being recorded meanwhile is saved in one state, its figures and its rows alike.
            var (runIds, page) = context.WithProgress(parse, "Reading runs", progress => reader.InSnapshot(r =>
            {
                DatabaseAccess.RequireDerivedTables(r, database);
                var ids = given.Select(g => RunResolver.Resolve(r, g)).Distinct(StringComparer.Ordinal).ToList();
                var read = PageSnapshot.Tearsheet(r, ids);
                progress.Report((ids.Count, ids.Count));
                return (ids, read);
            }));
            var tearsheet = page.Tearsheet ?? throw new InvalidOperationException(
                "the tearsheet refused the runs: " + string.Join("; ", page.Snapshot.Errors.Values));
            var equity = page.Runs.ToDictionary(run => run.Detail.Run.RunId, run => run.Equity.Count, StringComparer.Ordinal);
            var title = "Recorder report: " + string.Join(", ", page.Runs.Select(run => run.Detail.Run.StrategyName).Distinct(StringComparer.Ordinal));
            var html = SavedPage.Build(page.Snapshot, title, DatabaseName(database), context.Time.GetUtcNow());
            var file = context.FullPath(parse.GetValue(output)!);
            AtomicFile.WriteText(file, html);
            foreach (var runId in runIds.Where(id => equity[id] == 0))
            {
                context.Warn($"Run {runId} has no stored equity; compute it with `recorder analyze {runId}`.");
            }

            return Written(context, file, html, parse.GetValue(json), $"{runIds.Count} run(s)", bytes => new
            {
                Database = database.Shown, File = file, Bytes = bytes,
                Runs = tearsheet.Runs.Select(run => new { run.RunId, run.Label, HasEquity = equity[run.RunId] > 0, Trades = run.ClosedTrades }),
                Reconciliations = tearsheet.Reconciliations.Count,
            });
        });
        return command;
    }

    /// <summary>Says that a report was written: as JSON (<paramref name="describe"/> of its UTF-8 bytes), or as one line naming <paramref name="what"/>.</summary>
    internal static int Written(CliContext context, string file, string html, bool json, string what, Func<int, object> describe)
    {
        if (json)
        {
            return context.Json(describe(Encoding.UTF8.GetByteCount(html)));
        }

        context.Line($"Wrote {Wrap.Keep(file)} ({what}, {html.Length / 1024} KiB). It is self-contained: open it in any browser, offline.");
        return ExitCodes.Ok;
    }

    /// <summary>How a report names its database: a file by its name alone, another store as it is shown.</summary>
    internal static string DatabaseName(RecorderDatabase database) =>
        database is RecorderDatabase.File local ? Path.GetFileName(local.Path) : database.Shown;
}
