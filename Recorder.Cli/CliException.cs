namespace QuantowerRecorder.Cli;

/// <summary>An error the user can fix; its message says what happened and what to do next.</summary>
internal sealed class CliException : Exception
{
    public CliException(string message, int exitCode = ExitCodes.Usage)
        : base(message) => ExitCode = exitCode;

    public int ExitCode { get; }
}
