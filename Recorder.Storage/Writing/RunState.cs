using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>What the writer knows of one run, so that most decisions need no query. Rebuilt from the file when lost.</summary>
internal sealed class RunState(string runId, string? strategyId, string source, RunStatus status)
{
    public string RunId { get; } = runId;

    public string? StrategyId { get; } = strategyId;

    public string Source { get; } = source;

    public RunStatus Status { get; set; } = status;

    public NetPositions Positions { get; } = new();

    public Dictionary<string, OrderState> Orders { get; } = new(StringComparer.Ordinal);

    public HashSet<string> OcoGroups { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The execution ids stored for a run <see cref="StartedHere"/>: every fill of it went through here, so an id not
    /// there is new and needs no look-up in the file (the look-up was a fifth of a fill's cost to the writer).
    /// </summary>
    public HashSet<string> Executions { get; } = new(StringComparer.Ordinal);

    public bool HasLinks { get; set; }

    /// <summary>
    /// The run was started by this writer: every order row of it went through <see cref="Orders"/>, so an order not
    /// there is new and needs no look-up in the file. (The upsert's own guard still keeps the newest snapshot.)
    /// </summary>
    public bool StartedHere { get; init; }
}

/// <summary>
/// The stored state of an order: the newest snapshot applied, its impact at submission, and the two indexed columns a
/// later state rarely changes (its symbol, its submission time: the earliest seen), so that one that does not change
/// them leaves their index entries alone.
/// </summary>
/// <remarks>Payloads are kept as the raw log stores them, in UTF-8: an order state is serialized once, into bytes, and
/// those bytes are compared with the stored state's and bound to the raw log's row (no string between).</remarks>
internal sealed record OrderState(DateTime UpdateUtc, long Sequence, byte[] Payload, PositionImpact Impact, string Symbol, DateTime SubmitUtc)
{
    /// <summary>
    /// The payloads of the order's earlier states stamped at the same instant as this one, as this writer stored them
    /// (null when none): a copy of one of them that comes late is a repeat, not the order going back to it.
    /// </summary>
    public IReadOnlyList<byte[]>? SameInstant { get; init; }
}
