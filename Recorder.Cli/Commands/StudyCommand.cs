using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Tables;
using QuantowerRecorder.ReadModels;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>
/// `recorder study &lt;study&gt;`: one optimisation judged — its passes by an objective with their inputs as columns, the
/// plateau pick, parameter importance, a heatmap, the deflated Sharpe of the best pass and PBO; and `study group` /
/// `ungroup` to regroup runs (docs/studies.md).
/// </summary>
internal static class StudyCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var wide = CommonOptions.Wide();
        var study = new Argument<string>("study") { Description = "The study's name (any case), or its id or a prefix of it (recorder studies lists them)." };
        var objective = new Option<string?>("--objective")
        {
            Description = "The metric to rank passes by: sharpe, net_pnl, profit_factor, max_drawdown, … (default: what the author optimised for, else sharpe).",
        };
        var x = new Option<string?>("--x") { Description = "The heatmap's first input (default: the most important one)." };
        var y = new Option<string?>("--y") { Description = "The heatmap's second input (default: the next most important one)." };
        var top = new Option<int>("--top") { Description = "Show the best N passes (0: all).", DefaultValueFactory = _ => 25 };
        var command = new Command("study", "One study: passes by objective, plateau pick, parameter importance, heatmap, deflated Sharpe and PBO.")
        {
            study, objective, x, y, top, wide, json,
        };
        command.Subcommands.Add(StudyGroupCommands.Group(context));
        command.Subcommands.Add(StudyGroupCommands.Ungroup(context));
        command.SetAction(parse =>
        {
            using var reader = DatabaseAccess.OpenRead(context.Database(parse), context.Env);
            // Found and judged from one snapshot of the file; printed after.
            var (found, record) = reader.InSnapshot(r =>
            {
                var found = Find(r, parse.GetValue(study)!);
                try
                {
                    return (found, StudyView.Detail(r, found, parse.GetValue(objective), parse.GetValue(x), parse.GetValue(y)));
                }
                catch (ArgumentException e)
                {
                    throw new CliException(e.Message, ExitCodes.Usage);
                }
            });

            if (parse.GetValue(json))
            {
                return context.Json(record);
            }

            var objectiveSource = parse.GetValue(objective) is not null ? "chosen with --objective"
                : found.Objective is not null ? "what the study was optimised for" : "the default";
            StudyText.Write(context, record, objectiveSource, parse.GetValue(top), parse.GetValue(wide));
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static StudyInfo Find(IRecorderReader reader, string text)
    {
        var matches = reader.Studies.Match(text);
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new CliException($"No study '{text.Trim()}' in this database. List them with `recorder studies`."),
            _ => throw new CliException($"'{text.Trim()}' matches {matches.Count} studies; give the whole name or more of the id:"
                + string.Concat(matches.Take(10).Select(m => $"{Environment.NewLine}  {m.StudyId}  {m.Name}"))),
        };
    }
}
