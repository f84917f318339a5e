using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;

namespace QuantowerRecorder.Cli.Commands;

internal static class ReportCommand
{
    public static Command Create(CliContext context) => new("report", "todo");
}
