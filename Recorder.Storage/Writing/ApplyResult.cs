namespace QuantowerRecorder.Storage.Writing;

/// <summary>What writing one event did; the applier has written its row and its raw-log entry already.</summary>
internal enum ApplyResult
{
    /// <summary>The row was inserted or changed, and the event logged in the raw log.</summary>
    Applied,

    /// <summary>The very same event is already stored: nothing changes, nothing is logged.</summary>
    Repeat,

    /// <summary>Older than what the row holds: the row stays, the event is logged once in the raw log.</summary>
    Stale,

    /// <summary>A forming bar's state that a newer state of the same bar later in the batch supersedes.</summary>
    Coalesced,

    /// <summary>A definition that waits for its run to start (<see cref="DeferredDefinitions"/>).</summary>
    Waiting,
}
