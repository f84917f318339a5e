using QuantowerRecorder.Storage.Journal;

namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// The journal: what people wrote about runs and studies (notes, tags, pins; docs/cli.md, "note, tag, pin"). A store
/// older than the journal (file schema 16, team schema 14) has none: every subject reads empty.
/// </summary>
public interface IJournalReader
{
    /// <summary>One run's or study's journal: its tags, its pin and every entry, oldest first.</summary>
    JournalView Of(JournalSubject subject);

    /// <summary>Tags and pin of each of <paramref name="ids"/> (runs or studies by type); a subject nobody wrote about is left out.</summary>
    IReadOnlyDictionary<string, JournalMarks> Marks(JournalSubjectType type, IReadOnlyList<string> ids);

    /// <summary>Every entry of the store, oldest first.</summary>
    IReadOnlyList<JournalEntry> All();
}
