namespace QuantowerRecorder.Storage.Journal;

/// <summary>The acts of the journal: a note, a tag put on or taken off, a pin put on or taken off.</summary>
public enum JournalKind
{
    Note,
    Tag,
    Untag,
    Pin,
    Unpin,
}
