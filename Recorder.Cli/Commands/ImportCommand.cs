using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;

namespace QuantowerRecorder.Cli.Commands;

internal static class ImportCommand
{
    public static Command Create(CliContext context) => new("import", "todo");
}
