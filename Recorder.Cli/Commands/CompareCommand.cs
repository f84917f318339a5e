using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Metrics;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>`recorder compare &lt;run|instance&gt;…`: metrics side by side, the best value of each row marked.</summary>
internal static class CompareCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var wide = CommonOptions.Wide();
        var subjects = new Argument<string[]>("run-or-instance")
        {
            Description = "Runs (id or unique prefix) and/or instances (id, prefix or name; a column for its backtests, one for its forward runs).",
            Arity = ArgumentArity.OneOrMore,
        };
        var all = new Option<bool>("--all-metrics") { Description = "Every stored metric, not only the headline ones." };
        var command = new Command("compare", "Compare runs or instances: metrics side by side, the best value in each row marked with ★.")
        {
            subjects, all, wide, json,
        };
        command.SetAction(parse =>
        {
            var database = context.Database(parse);
            using var reader = DatabaseAccess.OpenRead(database, context.Env);
            DatabaseAccess.RequireDerivedTables(reader, database);
            var idLength = ShortIds.Length(reader.Runs.Ids());
            var resolved = parse.GetValue(subjects)!.SelectMany(s => SubjectResolver.Resolve(reader, s, idLength)).ToList();
            var comparison = Comparison.Build(reader, resolved, parse.GetValue(all));
            if (parse.GetValue(json))
            {
                return context.Json(new
                {
                    Columns = comparison.Subjects.Select(s => new { Kind = s.IsInstance ? "instance" : "run", s.Id, s.Label, s.RunIds, s.Phase }),
                    comparison.Rows,
                });
            }

            // One column per subject, headed by its short run id (or its instance's name), with its run type and
            // instance in the first rows: they tell the columns apart, so only metric names are cut to fit.
            var heads = comparison.Subjects.Select(subject => Head(reader, subject, idLength)).ToList();
            var columns = new List<TextColumn> { new("Metric", Shrinks: true) };
            columns.AddRange(heads.Select(head => new TextColumn(head.Header, RightAligned: true, ShortHeader: head.ShortHeader)));
            var table = new TextTable([.. columns]);
            table.Add(["type", .. heads.Select(head => head.Type)]);
            table.Add(["instance", .. heads.Select(head => head.Instance)]);
            foreach (var row in comparison.Rows)
            {
                var cells = new List<string> { MetricLabels.Of(row.Key) };
                for (var i = 0; i < row.Values.Count; i++)
                {
                    var text = Numbers.Display(row.Values[i], row.Unit);
                    cells.Add(row.Best.Contains(i) ? text + " ★" : text);
                }

                table.Add([.. cells]);
            }

            context.Table(table, parse.GetValue(wide));
            if (comparison.Rows.Count == 0)
            {
                context.Line($"No metrics stored for these runs. Compute them with: {Wrap.Keep("recorder analyze --all")}");
            }

            context.Line("★ marks the best value of a row (none for counts, costs and other neutral metrics).");
            comparison.Notes.ToList().ForEach(context.Warn);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static (string Header, string? ShortHeader, string Type, string Instance) Head(IRecorderReader reader, Subject subject, int idLength)
    {
        if (subject.IsInstance)
        {
            var label = subject.Label;
            var cut = label.LastIndexOf(" (", StringComparison.Ordinal);
            var name = (cut > 0 ? label[..cut] : label).Replace(" " + subject.Phase!.ToLowerInvariant(), "", StringComparison.Ordinal);
            // The type row tells a backtest column from a forward one: "2 backtests", "1 forward" (live, paper, replay).
            var count = subject.RunIds.Count;
            var type = subject.Phase == "BACKTEST" ? (count == 1 ? "1 backtest" : $"{count} backtests") : $"{count} forward";
            return (name, null, type, name);
        }

        var run = reader.Runs.Get(subject.Id)!;
        return (ShortIds.Cut(subject.Id, idLength), null, run.RunType, InstanceParameters.InstanceLabel(run.InstanceName, run.ParametersJson));
    }
}
