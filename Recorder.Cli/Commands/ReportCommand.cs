using System.CommandLine;
using System.Text;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Metrics;
using QuantowerRecorder.Cli.Report;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>`recorder report &lt;run&gt;… -o report.html`: one self-contained HTML file that works offline.</summary>
internal static class ReportCommand
{
    public static Command Create(CliContext context)
    {
        var runs = new Argument<string[]>("run") { Description = "Runs (id or unique prefix); several are overlaid.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "The HTML file to write.", HelpName = "file", DefaultValueFactory = _ => "report.html" };
        var json = CommonOptions.Json();
        var command = new Command("report", "Write one self-contained HTML report (equity, drawdown, metrics, monthly returns, PnL distribution, trades).")
        {
            runs, output, json,
        };
        command.SetAction(parse =>
        {
            var path = context.DatabasePath(parse);
            using var reader = DatabaseAccess.OpenRead(path, context.Env);
            DatabaseAccess.RequireDerivedTables(reader, path);
            var runIds = parse.GetValue(runs)!.Select(r => RunResolver.Resolve(reader, r)).Distinct(StringComparer.Ordinal).ToList();
            var idLength = ShortIds.Length(reader.Runs.Ids());
            var loaded = context.WithProgress("Reading runs", progress =>
            {
                var list = new List<ReportRun>();
                foreach (var runId in runIds)
                {
                    list.Add(ReportLoader.Load(reader, runId, idLength));
                    progress.Report((list.Count, runIds.Count));
                }

                return list;
            });
            var subjects = loaded.Select(r => new Subject(false, r.Run.RunId, r.Label, [r.Run.RunId])).ToList();
            var comparison = Comparison.Build(reader, subjects, allMetrics: false);
            var html = HtmlReport.Build(loaded, comparison, DatabaseAccess.IsTeam(path) ? DatabaseAccess.Shown(path) : Path.GetFileName(path), context.Time.GetUtcNow());
            var file = context.FullPath(parse.GetValue(output)!);
            File.WriteAllText(file, html, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            foreach (var run in loaded.Where(r => r.Equity.Count == 0))
            {
                context.Warn($"Run {run.Run.RunId} has no stored equity; compute it with `recorder analyze {run.Run.RunId}`.");
            }

            if (parse.GetValue(json))
            {
                JsonOut.Write(context.Env.Out, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("database", DatabaseAccess.Shown(path));
                    w.WriteString("file", file);
                    w.WriteNumber("bytes", Encoding.UTF8.GetByteCount(html));
                    w.WriteStartArray("runs");
                    foreach (var run in loaded)
                    {
                        w.WriteStartObject();
                        w.WriteString("run_id", run.Run.RunId);
                        w.WriteString("label", run.Label);
                        w.WriteBoolean("has_equity", run.Equity.Count > 0);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return ExitCodes.Ok;
            }

            context.Line($"Wrote {file} ({loaded.Count} run(s), {html.Length / 1024} KiB). It is self-contained: open it in any browser, offline.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
