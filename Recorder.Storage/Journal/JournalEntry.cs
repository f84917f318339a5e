namespace QuantowerRecorder.Storage.Journal;

/// <summary>
/// One act of the journal as stored (journal_entries): who wrote what about which run or study, and when (UTC, the
/// stored ISO-8601 text). <paramref name="Body"/> is a note's text or a tag, null for a pin. Entries never change; the
/// same act is the same <paramref name="EntryId"/> in every file it was merged or pushed into.
/// </summary>
public sealed record JournalEntry(
    string EntryId,
    JournalSubjectType SubjectType,
    string SubjectId,
    JournalKind Kind,
    string? Body,
    string Author,
    string CreatedUtc);
