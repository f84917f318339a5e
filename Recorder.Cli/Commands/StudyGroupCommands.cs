using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;
using QuantowerRecorder.Cli.Runs;
using QuantowerRecorder.Storage.Studies;

namespace QuantowerRecorder.Cli.Commands;

/// <summary>`recorder study group &lt;name&gt; &lt;run&gt;…` and `study ungroup &lt;run&gt;…`: a user's regrouping (docs/studies.md).</summary>
internal static class StudyGroupCommands
{
    public static Command Group(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The study's name: new, or one to add runs to." };
        var runs = new Argument<string[]>("run") { Description = "Run ids (or unique prefixes).", Arity = ArgumentArity.OneOrMore };
        var objective = new Option<string?>("--objective") { Description = "The metric the study ranks its passes by (sharpe, net_pnl, …)." };
        var command = new Command("group", "Put runs into the study of that name (out of any other); it overrides the inferred and the author's grouping.")
        {
            name, runs, objective,
        };
        command.SetAction(parse =>
        {
            var path = context.DatabaseFile(parse);
            var ids = Resolve(context, path, parse.GetValue(runs)!);
            var chosen = parse.GetValue(objective);
            if (chosen is not null && Storage.Queries.MetricCatalog.Direction(chosen.Trim().ToLowerInvariant()) == 0)
            {
                throw new CliException($"'{chosen}' is not a metric a study can be ranked by (sharpe, net_pnl, profit_factor, max_drawdown, …).", ExitCodes.Usage);
            }

            try
            {
                var id = StudyAssignments.Group(path, parse.GetValue(name)!, ids, chosen, context.Time);
                context.Line($"{ids.Count} run(s) in study \"{parse.GetValue(name)!.Trim()}\" ({id[..8]}). See it: recorder study \"{parse.GetValue(name)!.Trim()}\"");
            }
            catch (ArgumentException e)
            {
                throw new CliException(e.Message, ExitCodes.Usage);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Ungroup(CliContext context)
    {
        var runs = new Argument<string[]>("run") { Description = "Run ids (or unique prefixes).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("ungroup", "Take runs out of every study, inferred or named, until they are grouped again.") { runs };
        command.SetAction(parse =>
        {
            var path = context.DatabaseFile(parse);
            var ids = Resolve(context, path, parse.GetValue(runs)!);
            StudyAssignments.Ungroup(path, ids, context.Time);
            context.Line($"{ids.Count} run(s) taken out of every study. Put them back: recorder study group <name> <run>…");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static List<string> Resolve(CliContext context, string path, string[] texts)
    {
        using var reader = DatabaseAccess.OpenRead(path, context.Env);
        return texts.Select(t => RunResolver.Resolve(reader, t)).Distinct(StringComparer.Ordinal).ToList();
    }
}
