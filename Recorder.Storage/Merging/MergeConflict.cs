namespace QuantowerRecorder.Storage.Merging;

/// <summary>
/// An event of the file that the target's writer refused — most often the same natural key with other content (a fill
/// recorded with another price, a run started with another instance): the target keeps its row and the incoming event is
/// kept in ingest_quarantine with the reason, which says what differs.
/// </summary>
/// <param name="EventType">The event's kind (EXECUTION, RUN_STARTED, …).</param>
/// <param name="RunId">Its run.</param>
/// <param name="Sequence">Its sequence in the run.</param>
/// <param name="Reason">Why the writer refused it, as kept in ingest_quarantine.</param>
/// <param name="AlreadyKept">True when an earlier merge quarantined the same event: nothing was added now.</param>
public sealed record MergeConflict(string EventType, string? RunId, long? Sequence, string Reason, bool AlreadyKept);
