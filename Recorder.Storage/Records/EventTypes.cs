namespace QuantowerRecorder.Storage.Records;

/// <summary>The names of event kinds in <c>ingest_events.event_type</c>.</summary>
public static class EventTypes
{
    /// <summary><see cref="Records.StrategyDefined"/>.</summary>
    public const string StrategyDefined = "STRATEGY_DEFINED";

    /// <summary><see cref="Records.InstanceDefined"/>.</summary>
    public const string InstanceDefined = "INSTANCE_DEFINED";

    /// <summary><see cref="Records.RunStarted"/>.</summary>
    public const string RunStarted = "RUN_STARTED";

    /// <summary><see cref="Records.RunProgress"/>.</summary>
    public const string RunProgress = "RUN_PROGRESS";

    /// <summary><see cref="Records.RunEnded"/>.</summary>
    public const string RunEnded = "RUN_ENDED";

    /// <summary><see cref="OrderSnapshot"/>.</summary>
    public const string Order = "ORDER";

    /// <summary><see cref="ExecutionRecorded"/>.</summary>
    public const string Execution = "EXECUTION";

    /// <summary><see cref="OcoGroupDefined"/>.</summary>
    public const string OcoGroup = "OCO_GROUP";

    /// <summary><see cref="OcoLinkAdded"/>.</summary>
    public const string OcoLink = "OCO_LINK";

    /// <summary><see cref="SeriesDefined"/>.</summary>
    public const string Series = "SERIES";

    /// <summary><see cref="BarRecorded"/>.</summary>
    public const string Bar = "BAR";

    /// <summary><see cref="Records.InstrumentDefined"/>.</summary>
    public const string InstrumentDefined = "INSTRUMENT_DEFINED";

    /// <summary><see cref="DecisionMarked"/>.</summary>
    public const string Decision = "DECISION";
}
