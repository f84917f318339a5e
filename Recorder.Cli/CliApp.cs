using System.CommandLine;
using System.CommandLine.Help;
using QuantowerRecorder.Cli.Commands;
using QuantowerRecorder.Cli.Infrastructure;

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
            DemoCommand.Create(context), StrategiesCommand.Create(context), InstancesCommand.Create(context),
            RunsCommand.Create(context), ShowCommand.Create(context), TradesCommand.Create(context),
            ExecutionsCommand.Create(context), BarsCommand.Create(context), CompareCommand.Create(context), ReconcileCommand.Create(context), InsightCommand.Create(context),
            StudiesCommand.Create(context), StudyCommand.Create(context), WhatIfCommand.Create(context),
            NoteCommand.Create(context), TagCommand.Create(context), PinCommand.Pin(context), PinCommand.Unpin(context), JournalCommand.Create(context),
            ExportCommand.Create(context), ArtifactsCommand.Create(context),
            ReportCommand.Create(context), ImportCommand.Create(context), AnalyzeCommand.Create(context),
            VerifyCommand.Create(context), ReplayCommand.Create(context), PruneCommand.Create(context),
            Team.PushCommand.Create(context), MergeCommand.Create(context),
            ServeCommand.Create(context),
            DriftCommand.Create(context), WatchCommand.Create(context),
        ];
        foreach (var command in commands)
        {
            root.Subcommands.Add(command);
        }

        // Help is written unwrapped, then fitted to the terminal (or COLUMNS) between words as every other output is.
        if (root.Options.OfType<HelpOption>().FirstOrDefault()?.Action is HelpAction help)
        {
            help.MaxWidth = int.MaxValue;
        }

        // Bare `recorder` shows what it can do rather than an error.
        var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
        if (parse.Errors.Count > 0)
        {
            // An unknown word also makes System.CommandLine add "Required command was not provided": one error is enough.
            var errors = parse.Errors.Select(e => e.Message).ToList();
            if (errors.Count > 1)
            {
                errors.RemoveAll(m => m.StartsWith("Required command was not provided", StringComparison.Ordinal));
            }

            foreach (var error in errors)
            {
                context.Error(error);
            }

            env.Error.WriteLine(parse.CommandResult.Command == root
                ? "Commands: " + string.Join(", ", commands.Select(c => c.Name)) + ". See `recorder --help`, or `recorder <command> --help` for a command's options."
                : $"See `recorder {parse.CommandResult.Command.Name} --help` for its options.");
            return ExitCodes.Usage;
        }

        // What System.CommandLine writes itself (help, --version) is collected, then fitted; commands write to env.Out.
        using var own = new StringWriter();
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = own, Error = env.Error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex)
        {
            return ErrorReporter.Report(ex, context);
        }
        finally
        {
            foreach (var line in own.GetStringBuilder().Length == 0 ? [] : HelpText.Fit(own.ToString(), context.Width, HelpText.OptionalArguments(root)))
            {
                env.Out.WriteLine(line);
            }
        }
    }
}
