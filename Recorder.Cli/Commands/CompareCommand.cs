using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Metrics;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Runs;
using Spectre.Console;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>`recorder compare &lt;run|instance&gt;…`: metrics side by side, the best value of each row marked.</summary>
internal static class CompareCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var subjects = new Argument<string[]>("run-or-instance")
        {
            Description = "Runs (id or unique prefix) and/or instances (id, prefix or name; compared over all their runs).",
            Arity = ArgumentArity.OneOrMore,
        };
        var all = new Option<bool>("--all-metrics") { Description = "Every stored metric, not only the headline ones." };
        var command = new Command("compare", "Compare runs or instances: metrics side by side, the best value in each row marked with ★.")
        {
            subjects, all, json,
        };
        command.SetAction(parse =>
        {
            var path = context.DatabasePath(parse);
            using var connection = DatabaseAccess.OpenRead(path);
            DatabaseAccess.RequireDerivedTables(connection, path);
            var idLength = ShortIds.Length(RunQueries.AllIds(connection));
            var resolved = parse.GetValue(subjects)!.Select(s => SubjectResolver.Resolve(connection, s, idLength)).ToList();
            var comparison = Comparison.Build(connection, resolved, parse.GetValue(all));
            if (parse.GetValue(json))
            {
                JsonOut.Write(context.Env.Out, w => WriteJson(w, comparison));
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumn("Metric");
            foreach (var subject in comparison.Subjects)
            {
                table.AddColumn(new TableColumn(Markup.Escape(subject.Label)).RightAligned());
            }

            foreach (var row in comparison.Rows)
            {
                var cells = new List<string> { Markup.Escape(row.Key) };
                for (var i = 0; i < row.Values.Count; i++)
                {
                    var text = Markup.Escape(Numbers.Display(row.Values[i], row.Unit));
                    cells.Add(row.Best.Contains(i) ? $"[bold green]{text} ★[/]" : text);
                }

                table.AddRow(cells.ToArray());
            }

            context.Console.Write(table);
            if (comparison.Rows.Count == 0)
            {
                context.Line("No metrics stored for these runs. Compute them with: recorder analyze --all");
            }

            context.Line("★ marks the best value of a row (none for counts and other neutral metrics).");
            comparison.Notes.ToList().ForEach(context.Warn);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteJson(System.Text.Json.Utf8JsonWriter json, Comparison comparison)
    {
        json.WriteStartObject();
        json.WriteStartArray("columns");
        foreach (var subject in comparison.Subjects)
        {
            json.WriteStartObject();
            json.WriteString("kind", subject.IsInstance ? "instance" : "run");
            json.WriteString("id", subject.Id);
            json.WriteString("label", subject.Label);
            json.WriteStartArray("run_ids");
            foreach (var id in subject.RunIds)
            {
                json.WriteStringValue(id);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("rows");
        foreach (var row in comparison.Rows)
        {
            json.WriteStartObject();
            json.WriteString("key", row.Key);
            json.WriteString("unit", row.Unit);
            json.WriteStartArray("values");
            foreach (var value in row.Values)
            {
                JsonOut.Value(json, value);
            }

            json.WriteEndArray();
            json.WriteStartArray("best");
            foreach (var index in row.Best)
            {
                json.WriteNumberValue(index);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
