namespace QuantowerRecorder.Plugin;

/// <summary>
/// Which of a file's commits are synced to the disk at once (<see cref="RunRecorderOptions.CommitSync"/>). The plugin's
/// own type, as every type of its options is the plugin's or the platform's: a strategy that sets it loads nothing of
/// the recorder's storage, so that with two recorder builds in one process each keeps its own assemblies together.
/// </summary>
public enum RecorderCommitSync
{
    /// <summary>A commit with a live or paper event is synced before it counts as written; a backtest's within a second.</summary>
    LiveAndPaper,

    /// <summary>Every commit is synced before it counts as written: nothing written is lost to a power cut.</summary>
    Every,

    /// <summary>No commit is synced at once; each within a second, live ones too.</summary>
    Periodic,
}
