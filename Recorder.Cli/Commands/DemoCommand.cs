using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;

namespace QuantowerRecorder.Cli.Commands;

internal static class DemoCommand
{
    public static Command Create(CliContext context) => new("demo", "todo");
}
