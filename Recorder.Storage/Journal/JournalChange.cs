namespace QuantowerRecorder.Storage.Journal;

/// <summary>
/// What one journal write did: the entries it stored, and what was asked but already so (a tag already on, a run
/// already pinned), in words, which stores nothing.
/// </summary>
public sealed record JournalChange(IReadOnlyList<JournalEntry> Written, IReadOnlyList<string> AlreadySo);
