using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Cli.Demo;

/// <summary>Everything about one demo run: who runs what, where, and the script of what happens.</summary>
internal sealed record DemoRunPlan
{
    public required string StrategyName { get; init; }
    public required string StrategyVersion { get; init; }
    public required string Vendor { get; init; }
    public required string InstanceName { get; init; }
    public required IReadOnlyDictionary<string, object?> Parameters { get; init; }
    public required string Symbol { get; init; }
    public required string Timeframe { get; init; }
    public required string Account { get; init; }
    public required string Venue { get; init; }
    public required RunSource RunType { get; init; }
    public required double InitialBalance { get; init; }
    public required string Currency { get; init; }
    public required DateTime StartUtc { get; init; }
    public required DateTime EndUtc { get; init; }
    public required string DataSource { get; init; }
    public required IReadOnlyList<DemoStep> Steps { get; init; }
}
