using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;

namespace QuantowerRecorder.Cli.Commands;

internal static class PruneCommand
{
    public static Command Create(CliContext context) => new("prune", "todo");
}
