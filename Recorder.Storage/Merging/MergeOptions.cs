namespace QuantowerRecorder.Storage.Merging;

/// <summary>How <see cref="RecorderMerge"/> works: the clock it stamps quarantine rows with.</summary>
public sealed class MergeOptions
{
    /// <summary>The clock for quarantined_utc and the target's migration stamps.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Tests: called inside a file's transaction after each table is merged, to inject a failure there.</summary>
    internal Action<string>? AfterTable { get; init; }
}
