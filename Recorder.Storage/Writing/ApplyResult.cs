namespace QuantowerRecorder.Storage.Writing;

/// <summary>What applying one event to its table did.</summary>
internal enum ApplyResult
{
    /// <summary>The row was inserted or changed: the event goes to the raw log.</summary>
    Applied,

    /// <summary>The very same event is already stored: nothing changes, nothing is logged.</summary>
    Repeat,

    /// <summary>Older than what the row holds: the row stays, the event is logged once in the raw log.</summary>
    Stale,

    /// <summary>A bar another series already holds: shared, logged with its stretch (<see cref="SharedBars"/>).</summary>
    Shared,
}
