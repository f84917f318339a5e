namespace QuantowerRecorder.Storage.Journal;

/// <summary>What a listing shows of a subject's journal: its tags (sorted) and whether it is pinned.</summary>
public sealed record JournalMarks(IReadOnlyList<string> Tags, bool Pinned)
{
    public static JournalMarks None { get; } = new([], false);
}
