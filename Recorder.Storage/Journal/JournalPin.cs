namespace QuantowerRecorder.Storage.Journal;

/// <summary>Who pinned a run or study, and when (UTC).</summary>
public sealed record JournalPin(string Author, string PinnedUtc);
