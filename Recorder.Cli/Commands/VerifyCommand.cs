using System.CommandLine;
using QuantowerRecorder.Cli.Infrastructure;

namespace QuantowerRecorder.Cli.Commands;

internal static class VerifyCommand
{
    public static Command Create(CliContext context) => new("verify", "todo");
}
