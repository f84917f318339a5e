namespace QuantowerRecorder.Storage.Journal;

/// <summary>
/// A run's or study's journal now: the tags it carries (sorted), its pin (null when not pinned), and every entry about
/// it, oldest first (notes, and the tag and pin acts that led here).
/// </summary>
public sealed record JournalView(JournalSubject Subject, IReadOnlyList<string> Tags, JournalPin? Pin, IReadOnlyList<JournalEntry> Entries)
{
    public bool Pinned => Pin is not null;

    /// <summary>The notes, oldest first.</summary>
    public IEnumerable<JournalEntry> Notes => Entries.Where(e => e.Kind == JournalKind.Note);

    /// <summary>A subject nobody wrote about.</summary>
    public static JournalView Empty(JournalSubject subject) => new(subject, [], null, []);
}
