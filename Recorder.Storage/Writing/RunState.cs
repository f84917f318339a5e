using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>What the writer knows of one run, so that most decisions need no query. Rebuilt from the file when lost.</summary>
internal sealed class RunState(string runId, string instanceId, string? strategyId, string source, RunStatus status)
{
    public string RunId { get; } = runId;

    public string InstanceId { get; } = instanceId;

    public string? StrategyId { get; } = strategyId;

    public string Source { get; } = source;

    public RunStatus Status { get; set; } = status;

    public NetPositions Positions { get; } = new();

    public Dictionary<string, OrderState> Orders { get; } = new(StringComparer.Ordinal);

    public HashSet<string> OcoGroups { get; } = new(StringComparer.Ordinal);

    public bool HasLinks { get; set; }
}

/// <summary>The stored state of an order: the newest snapshot applied, and its impact at submission.</summary>
internal sealed record OrderState(DateTime UpdateUtc, long Sequence, string Payload, PositionImpact Impact);
