using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;

namespace QuantowerRecorder.Cli.Commands;

internal static class ReplayCommand
{
    public static Command Create(CliContext context) => new("replay", "todo");
}
