namespace QuantowerRecorder.Cli.Health;

/// <summary>How one check of `verify` came out. Only <see cref="CheckStatus.Error"/> makes a file unhealthy.</summary>
internal sealed record CheckResult(string Name, CheckStatus Status, string Detail);
