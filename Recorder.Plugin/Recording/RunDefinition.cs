using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>What a run records about itself: the strategy, the parameter set (instance) and the run's context.</summary>
internal sealed record RunDefinition
{
    public required string StrategyName { get; init; }

    public string? StrategyVersion { get; init; }

    public string? SourceRef { get; init; }

    public string? InstanceName { get; init; }

    public required IReadOnlyList<KeyValuePair<string, object?>> Parameters { get; init; }

    public IReadOnlyList<string> Symbols { get; init; } = [];

    public string? Timeframe { get; init; }

    public string? Venue { get; init; }

    public required RunSource Source { get; init; }

    public string? DataSource { get; init; }

    public double? InitialBalance { get; init; }

    public string? BaseCurrency { get; init; }

    public string? EngineVersion { get; init; }

    /// <summary>The "Terminal name" input or RunRecorderOptions.TerminalName, else the machine's name: who ran what in a team store.</summary>
    public string? SourceTerminal { get; init; }

    public string? FingerprintJson { get; init; }

    public string StrategyId => Identities.StrategyId(StrategyName, StrategyVersion, vendor: null);

    public string ConfigHash => Identities.ConfigHash(Parameters, Symbols, Timeframe, account: null);

    public string InstanceId => Identities.InstanceId(StrategyId, ConfigHash);
}
