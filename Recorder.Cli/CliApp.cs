using System.CommandLine;
using QuantowerRecorder.Cli.Commands;
using QuantowerRecorder.Cli.Infrastructure;
using Spectre.Console;

namespace QuantowerRecorder.Cli;

/// <summary>The `recorder` command line: parses, dispatches, and turns every failure into a message and an exit code.</summary>
internal static class CliApp
{
    public static int Run(string[] args, CliEnvironment env)
    {
        var database = CommonOptions.Database();
        var context = new CliContext(env, database);
        var root = new RootCommand("recorder — work with QuantowerRecorder databases: demo, inspect, compare, export, report, verify.");
        root.Options.Add(database);
        Command[] commands =
        [
            DemoCommand.Create(context), RunsCommand.Create(context), ShowCommand.Create(context),
            TradesCommand.Create(context), CompareCommand.Create(context), ExportCommand.Create(context),
            ReportCommand.Create(context), ImportCommand.Create(context), AnalyzeCommand.Create(context),
            VerifyCommand.Create(context), ReplayCommand.Create(context), PruneCommand.Create(context),
        ];
        foreach (var command in commands)
        {
            root.Subcommands.Add(command);
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                context.Errors.MarkupLine("[red]error:[/] " + Markup.Escape(error.Message));
            }

            context.Errors.WriteLine("See `recorder --help`, or `recorder <command> --help` for a command's options.");
            return ExitCodes.Usage;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = env.Out, Error = env.Error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex)
        {
            return ErrorReporter.Report(ex, context);
        }
    }
}
