using QuantowerRecorder.Storage.Journal;

namespace QuantowerRecorder.ReadModels;

/// <summary>One journal entry as `--json` and the API give it (docs/cli.md, "note, tag, pin").</summary>
/// <param name="EntryId">Its name-based id: the same act in every file and the team store.</param>
/// <param name="Kind">note, tag, untag, pin or unpin.</param>
/// <param name="Body">A note's text or the tag; null for a pin.</param>
/// <param name="Author">Who wrote it.</param>
/// <param name="CreatedUtc">When, UTC.</param>
public sealed record JournalEntryRecord(string EntryId, string Kind, string? Body, string Author, string CreatedUtc)
{
    public static JournalEntryRecord Of(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(entry.EntryId, entry.Kind.ToString().ToLowerInvariant(), entry.Body, entry.Author, entry.CreatedUtc);
    }
}

/// <summary>
/// A run's or study's journal: the tags it carries now (sorted), whether it is pinned (by whom, when), and every entry
/// about it, oldest first — `show --json` (<c>journal</c>), `note`/`tag`/`pin --json` and /api/runs/{id}/journal.
/// </summary>
public sealed record JournalRecord(
    string SubjectType,
    string SubjectId,
    IReadOnlyList<string> Tags,
    bool Pinned,
    string? PinnedBy,
    string? PinnedUtc,
    IReadOnlyList<JournalEntryRecord> Entries)
{
    public static JournalRecord Of(JournalView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(view.Subject.Type.ToString().ToLowerInvariant(), view.Subject.Id, view.Tags, view.Pinned, view.Pin?.Author,
            view.Pin?.PinnedUtc, view.Entries.Select(JournalEntryRecord.Of).ToList());
    }
}
