namespace QuantowerRecorder.Cli.Health;

/// <summary>The outcome of one check.</summary>
internal enum CheckStatus
{
    Ok,
    Warning,
    Error,
}
