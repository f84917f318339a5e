namespace QuantowerRecorder.Storage.Merging;

/// <summary>How <see cref="RecorderMerge"/> works: the clock it stamps quarantine rows with.</summary>
public sealed class MergeOptions
{
    /// <summary>The clock for quarantined_utc and the target's migration stamps.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Called inside a file's transaction after each table is merged, with its name: a progress bar's step (one of
    /// <see cref="RecorderMerge.TablesPerFile"/>); tests throw from it to fail a merge there.
    /// </summary>
    public Action<string>? AfterTable { get; init; }
}
