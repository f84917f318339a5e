namespace QuantowerRecorder.Storage.Writing;

/// <summary>Which commits are synced to the disk at once (<see cref="RecorderOptions.CommitSync"/>).</summary>
public enum CommitSync
{
    /// <summary>
    /// A commit that carries a live or paper event (or events read back from the spill file) is synced before it counts
    /// as written; the others (backtests, replays: runs that can be played again) within
    /// <see cref="RecorderOptions.UnsyncedWindow"/>.
    /// </summary>
    LiveAndPaper,

    /// <summary>Every commit is synced before it counts as written: nothing written is lost to a power cut.</summary>
    Every,

    /// <summary>No commit is synced at once; each within <see cref="RecorderOptions.UnsyncedWindow"/>, live ones too.</summary>
    Periodic,
}
