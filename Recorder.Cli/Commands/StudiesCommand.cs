using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>`recorder studies`: the optimisations in a file — name, strategy, passes, period, symbol, best objective.</summary>
internal static class StudiesCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var wide = CommonOptions.Wide();
        var command = new Command("studies", "List studies: the passes of one optimisation, inferred from the runs, named by the author or grouped by you.")
        {
            wide, json,
        };
        command.SetAction(parse =>
        {
            using var reader = DatabaseAccess.OpenRead(context.Database(parse), context.Env);
            var studies = StudyView.List(reader);
            if (parse.GetValue(json))
            {
                return context.Json(studies);
            }

            if (studies.Count == 0)
            {
                context.Line("No studies in this database: no optimisation's passes recorded. `recorder demo` records one.");
                return ExitCodes.Ok;
            }

            var idLength = ShortIds.Length(studies.Select(s => s.StudyId));
            // The name is what `recorder study <study>` is typed with: never cut. Left out to fit, in this order
            // (docs/cli.md): Source, Strategy, Period, Best pass, Objective, TF, Symbol.
            var table = new TextTable(
                new TextColumn("Study"), new TextColumn("Name"), new TextColumn("Strategy", DropOrder: 2, Shrinks: true),
                new TextColumn("Symbol", DropOrder: 7), new TextColumn("TF", DropOrder: 6), new TextColumn("Period (UTC)", DropOrder: 3),
                new TextColumn("Source", DropOrder: 1, Shrinks: true), new TextColumn("Passes", true), new TextColumn("Objective", DropOrder: 5),
                new TextColumn("Best", true), new TextColumn("Best pass", DropOrder: 4));
            foreach (var s in studies)
            {
                table.Add(ShortIds.Cut(s.StudyId, idLength), s.Name, s.StrategyName ?? "–", s.Symbol ?? "–", s.Timeframe ?? "–",
                    Period(s), s.DataSource ?? "–", s.Passes.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Objective,
                    Numbers.Display(s.BestObjective), s.BestRunId is null ? "–" : ShortIds.Cut(s.BestRunId, 8));
            }

            var layout = context.Layout(parse.GetValue(wide));
            if (layout.Wide || layout.Width is not { } limit || table.Render(layout).Lines.All(l => CellWidth.Of(l) <= limit))
            {
                context.Table(table, parse.GetValue(wide));
            }
            else
            {
                // A name too long for any table at this width: one block per study, the name whole (wrapped between words).
                foreach (var s in studies)
                {
                    var id = ShortIds.Cut(s.StudyId, idLength) + "  ";
                    Wrap.Indented(id, s.Name, limit).ToList().ForEach(context.Line);
                    Wrap.Indented(new string(' ', id.Length), $"{s.Passes} passes · {s.Objective} best {Numbers.Display(s.BestObjective)} · " +
                        $"{s.Symbol ?? "–"} {s.Timeframe ?? "–"} · {Period(s)}", limit).ToList().ForEach(context.Line);
                }
            }

            context.Line($"{studies.Count} stud{(studies.Count == 1 ? "y" : "ies")}. One in full: recorder study <study>");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Period(StudySummaryRecord s) => $"{Numbers.Time(s.PeriodStartUtc, 10)} → {Numbers.Time(s.PeriodEndUtc, 10)}";
}
