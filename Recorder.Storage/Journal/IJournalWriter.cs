namespace QuantowerRecorder.Storage.Journal;

/// <summary>
/// Writes the journal of a recorder file (<see cref="Queries.RecorderStore.OpenJournal"/>): notes, tags and pins on runs
/// and studies, one transaction per call, each act one new entry. Safe while a recorder writes the same file: a call
/// waits for the writer's batch (WAL, busy timeout) rather than failing. A bad note, tag or author, or an unknown run,
/// throws <see cref="ArgumentException"/> saying why, and nothing is written.
/// </summary>
public interface IJournalWriter : IDisposable
{
    /// <summary>Adds a note (trimmed; 1 to 4,000 characters, line ends and tabs allowed).</summary>
    JournalChange Note(JournalSubject subject, string text, string author);

    /// <summary>
    /// Puts tags on and takes tags off (stored lower case): a tag already on, or not on, is said rather than written.
    /// A tag in both lists is refused.
    /// </summary>
    JournalChange Tag(JournalSubject subject, IReadOnlyList<string> add, IReadOnlyList<string> remove, string author);

    /// <summary>Pins (true) or unpins; a subject already so is said rather than written.</summary>
    JournalChange Pin(JournalSubject subject, bool pinned, string author);
}
