namespace QuantowerRecorder.Storage.Merging;

/// <summary>How <see cref="RecorderMerge"/> works: its clock and its progress.</summary>
public sealed class MergeOptions
{
    /// <summary>The clock for quarantined_utc, the analyses and the target's migration stamps; lock waits run on it.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Called as a file's raw log is read: rows read so far and the file's total (a progress bar).</summary>
    public Action<long, long>? Progress { get; init; }
}
