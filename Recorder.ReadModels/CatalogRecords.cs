using System.Text.Json.Nodes;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.ReadModels;

/// <summary>A strategy as `strategies --json` and GET /api/strategies/ give it; counts are named <c>*_count</c> as a run's are.</summary>
public sealed record StrategyRecord(
    string StrategyId, string Name, string? Version, string? Vendor, string? SourceRef, string CreatedUtc,
    long InstanceCount, long RunCount, string? LastRunUtc)
{
    public static IReadOnlyList<StrategyRecord> Of(IEnumerable<StrategySummary> strategies) => strategies
        .Select(s => new StrategyRecord(s.StrategyId, s.Name, s.Version, s.Vendor, s.SourceRef, s.CreatedUtc, s.Instances, s.Runs, s.LastRunUtc))
        .ToList();
}

/// <summary>
/// A parameter set as `instances --json` and GET /api/strategies/{id}/instances give it: <see cref="Parameters"/> a JSON
/// object and <see cref="Symbols"/> a JSON array, as the schema's parameters_json and symbols_json hold them.
/// </summary>
public sealed record InstanceRecord(
    string InstanceId, string StrategyId, string? StrategyName, string? InstanceName, JsonNode? Parameters, string? Symbol,
    JsonNode? Symbols, string? Timeframe, string? AccountId, string? ConfigHash, string CreatedUtc, long RunCount, double? NetPnl)
{
    public static IReadOnlyList<InstanceRecord> Of(IEnumerable<InstanceSummary> instances) => instances
        .Select(i => new InstanceRecord(i.InstanceId, i.StrategyId, i.StrategyName, i.InstanceName, JsonText.Parse(i.ParametersJson), i.Symbol,
            JsonText.Parse(i.SymbolsJson), i.Timeframe, i.AccountId, i.ConfigHash, i.CreatedUtc, i.Runs, i.NetPnl))
        .ToList();
}
