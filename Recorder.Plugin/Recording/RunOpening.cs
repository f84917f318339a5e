using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>The three events that open a run: the strategy, its parameter set (instance) and the run's start.</summary>
internal static class RunOpening
{
    public static RecorderEvent[] Events(RunDefinition d, string runId, DateTime now) =>
    [
        new StrategyDefined
        {
            RunId = runId, EventUtc = now, Source = d.Source, StrategyId = d.StrategyId, Name = d.StrategyName,
            Version = d.StrategyVersion, SourceRef = d.SourceRef,
        },
        new InstanceDefined
        {
            RunId = runId, EventUtc = now, Source = d.Source, InstanceId = d.InstanceId, StrategyId = d.StrategyId,
            InstanceName = d.InstanceName, ParametersJson = CanonicalJson.Parameters(d.Parameters),
            Symbol = d.Symbols.Count == 1 ? d.Symbols[0] : null,
            SymbolsJson = d.Symbols.Count > 1 ? System.Text.Json.JsonSerializer.Serialize(d.Symbols) : null,
            Timeframe = d.Timeframe, Venue = d.Venue, ConfigHash = d.ConfigHash,
        },
        new RunStarted
        {
            RunId = runId, EventUtc = now, Source = d.Source, InstanceId = d.InstanceId, EngineVersion = d.EngineVersion,
            DataSource = d.DataSource, InitialBalance = d.InitialBalance, BaseCurrency = d.BaseCurrency,
            FingerprintJson = d.FingerprintJson, SourceTerminal = d.SourceTerminal,
        },
    ];
}
