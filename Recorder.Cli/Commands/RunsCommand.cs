using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Output;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>
/// `recorder runs`: the runs in the file, filtered; a study's passes are one line per study unless <c>--all</c>
/// (<see cref="StudyFolding"/>). <c>--json</c> lists every run, passes included.
/// </summary>
internal static class RunsCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var wide = CommonOptions.Wide();
        var strategy = new Option<string?>("--strategy") { Description = "Strategy name (part of it) or id prefix." };
        var instance = new Option<string?>("--instance") { Description = "Instance name (part of it) or id prefix." };
        var type = Choices.Option("--type", "Run type (any case).", "LIVE", "PAPER", "REPLAY", "BACKTEST");
        var status = Choices.Option("--status", "Run status (any case).", "RUNNING", "COMPLETED", "FAILED", "CANCELED", "ABANDONED");
        var since = new Option<string?>("--since") { Description = "Runs started on or after this date (UTC).", HelpName = "date" };
        var until = new Option<string?>("--until") { Description = "Runs started before this date (UTC).", HelpName = "date" };
        var sort = Choices.Option("--sort", "Order by the start (default) or a stored metric; runs not analysed come first.", [.. RunSorts.ByName.Keys]);
        var descending = new Option<bool>("--desc") { Description = "Newest, or largest, first (runs not analysed last)." };
        var tag = new Option<string?>("--tag") { Description = "Only runs carrying this tag (any case; recorder tag puts them on).", HelpName = "tag" };
        var pinned = new Option<bool>("--pinned") { Description = "Only pinned runs (recorder pin)." };
        var all = new Option<bool>("--all") { Description = "Every pass of a study as its own row (else one line per study)." };
        var command = new Command("runs", "List the runs, filtered by strategy, instance, run type, status, date, tag and pin.")
        {
            strategy, instance, type, status, since, until, tag, pinned, sort, descending, all, wide, json,
        };
        command.SetAction(parse =>
        {
            var database = context.Database(parse);
            using var reader = DatabaseAccess.OpenRead(database, context.Env);
            var filter = new RunQuery
            {
                Strategy = parse.GetValue(strategy), Instance = parse.GetValue(instance), RunType = parse.GetValue(type),
                Status = parse.GetValue(status), SinceUtc = DateArgument.Parse(parse.GetValue(since), "--since"),
                UntilUtc = DateArgument.Parse(parse.GetValue(until), "--until"),
                Sort = parse.GetValue(sort) is { } by ? RunSorts.ByName[by] : RunSort.Start, Descending = parse.GetValue(descending),
                Tag = parse.GetValue(tag), Pinned = parse.GetValue(pinned) ? true : null,
            };
            var listed = reader.Runs.List(filter).Runs;
            if (parse.GetValue(json))
            {
                return context.Json(RunRecord.Of(reader, listed));
            }

            if (listed.Count == 0)
            {
                context.Line($"No runs match. Try `{Wrap.Keep("recorder runs")}` without filters, or `{Wrap.Keep("recorder demo")}` to make a demo database.");
                return ExitCodes.Ok;
            }

            var (runs, studies) = parse.GetValue(all) ? (listed, []) : StudyFolding.Fold(reader, listed);
            var idLength = ShortIds.Length(reader.Runs.Ids());
            // Left out to fit, in this order (docs/cli.md): Strategy, Orders, Fills, Status, Start.
            var table = new TextTable(
                new TextColumn("Run"), new TextColumn("Strategy", DropOrder: 1, Shrinks: true), new TextColumn("Instance"),
                new TextColumn("Type"), new TextColumn("Status", DropOrder: 4), new TextColumn("Start (UTC)", DropOrder: 5, ShortHeader: "Start"),
                new TextColumn("Orders", true, 2), new TextColumn("Fills", true, 3), new TextColumn("Trades", true),
                new TextColumn("Net PnL", true));
            foreach (var run in runs)
            {
                table.Add(
                    ShortIds.Cut(run.RunId, idLength), run.StrategyName ?? "?", InstanceParameters.InstanceLabel(run.InstanceName, run.ParametersJson),
                    run.RunType, run.Status, Numbers.Time(run.StartUtc), Numbers.Display(run.OrderCount, "count"),
                    Numbers.Display(run.ExecutionCount, "count"), Numbers.Display(run.TradeCount, "count"),
                    Numbers.Display(run.NetPnl, "money"));
            }

            if (runs.Count > 0)
            {
                context.Table(table, parse.GetValue(wide));
            }

            foreach (var folded in studies)
            {
                context.Line(StudyLine(folded, idLength));
            }

            var passes = studies.Sum(s => s.Passes.Count);
            context.Line(studies.Count == 0
                ? $"{runs.Count} run(s). Details: {Wrap.Keep("recorder show <run>")} (any unique start of its id)."
                : $"{runs.Count} run(s), and {passes} pass{(passes == 1 ? "" : "es")} of {studies.Count} stud{(studies.Count == 1 ? "y" : "ies")} " +
                  $"in {(studies.Count == 1 ? "its line" : "their lines")} ({Wrap.Keep("recorder runs --all")} lists every pass). " +
                  $"Details: {Wrap.Keep("recorder show <run>")} (any unique start of its id).");
            return ExitCodes.Ok;
        });
        return command;
    }

    // "Study demo-sweep: 25 passes (BACKTEST, 2026-01-04 → 2026-04-01), best sharpe 2.81: 019b8b65 Sweep 3/50. recorder study demo-sweep"
    private static string StudyLine(FoldedStudy folded, int idLength)
    {
        var s = folded.Study;
        var count = folded.Passes.Count == s.Passes ? $"{s.Passes} passes" : $"{folded.Passes.Count} of its {s.Passes} passes";
        var types = string.Join("/", folded.Passes.Select(p => p.RunType).Distinct(StringComparer.Ordinal));
        var best = s.BestRunId is not { } bestId
            ? $"no pass has its {s.Objective} yet"
            : $"best {s.Objective} {Numbers.Display(s.BestObjective)}: {ShortIds.Cut(bestId, idLength)}" +
              (folded.Passes.FirstOrDefault(p => p.RunId == bestId) is { } pass ? " " + InstanceParameters.InstanceLabel(pass.InstanceName, pass.ParametersJson) : "");
        return $"Study {Wrap.Keep(s.Name)}: {count} ({types}, {Numbers.Time(s.PeriodStartUtc, 10)} → {Numbers.Time(s.PeriodEndUtc, 10)}), {best}. " +
               Wrap.Keep($"recorder study {Quoted(s.Name)}");
    }

    private static string Quoted(string name) => name.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '$' or '`')
        ? "\"" + name.Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
        : name;
}
