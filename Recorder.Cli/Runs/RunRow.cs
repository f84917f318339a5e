namespace QuantowerRecorder.Cli.Runs;

/// <summary>One run with its instance and strategy, as listed by `runs` and shown by `show`.</summary>
internal sealed class RunRow
{
    public string RunId { get; init; } = "";
    public string InstanceId { get; init; } = "";
    public string? InstanceName { get; init; }
    public string? StrategyId { get; init; }
    public string? StrategyName { get; init; }
    public string? StrategyVersion { get; init; }
    public string RunType { get; init; } = "";
    public string Status { get; init; } = "";
    public string StartUtc { get; init; } = "";
    public string? EndUtc { get; init; }
    public double? InitialBalance { get; init; }
    public string? BaseCurrency { get; init; }
    public string? DataSource { get; init; }
    public string? EngineVersion { get; init; }
    public string? ErrorMessage { get; init; }
    public string? ParametersJson { get; init; }
    public string? Symbol { get; init; }
    public string? Timeframe { get; init; }
    public string? AccountId { get; init; }
    public long OrderCount { get; init; }
    public long ExecutionCount { get; init; }
    public long BarCount { get; init; }
    public double? TradeCount { get; init; }
    public double? NetPnl { get; init; }
}
