namespace QuantowerRecorder.Storage.Records;

/// <summary>Lifecycle of a run, stored upper-case in <c>strategy_runs.status</c>.</summary>
public enum RunStatus
{
    /// <summary>Started and not ended yet.</summary>
    Running,

    /// <summary>Ended normally.</summary>
    Completed,

    /// <summary>Ended with an error.</summary>
    Failed,

    /// <summary>Stopped before its natural end.</summary>
    Canceled,

    /// <summary>Found still running when its recorder process was gone (a crash or a kill).</summary>
    Abandoned,
}
