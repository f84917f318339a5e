using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Server.Ingest;

/// <summary>
/// The ingest paths: the design's six (<c>strategy_create</c> … <c>bar</c>) and the kinds it lacks, each naming one
/// event type of docs/events.md.
/// </summary>
internal static class IngestKinds
{
    public static readonly IReadOnlyDictionary<string, string> EventTypeOfPath = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["strategy_create"] = EventTypes.StrategyDefined,
        ["instance_create"] = EventTypes.InstanceDefined,
        ["run_start"] = EventTypes.RunStarted,
        ["order"] = EventTypes.Order,
        ["execution"] = EventTypes.Execution,
        ["bar"] = EventTypes.Bar,
        ["run_end"] = EventTypes.RunEnded,
        ["progress"] = EventTypes.RunProgress,
        ["oco_group"] = EventTypes.OcoGroup,
        ["oco_link"] = EventTypes.OcoLink,
        ["series"] = EventTypes.Series,
        ["instrument"] = EventTypes.InstrumentDefined,
        ["decision"] = EventTypes.Decision,
    };

    /// <summary>Kinds accepted before their run is known: definitions wait for RUN_STARTED, which makes the run.</summary>
    public static bool NeedsNoRun(RecorderEvent e) => e is StrategyDefined or InstanceDefined or RunStarted;
}
