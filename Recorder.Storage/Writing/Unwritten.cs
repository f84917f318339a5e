using System.Globalization;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The events a stopping writer could not write to the file, and where they are: in the journal (the next open writes
/// them first) or lost, when no journal could be written either. The runs of lost events are the ones the next open
/// marks ABANDONED (docs/events.md, "How a run ends"). Written by the writer's thread, read after it has stopped.
/// </summary>
internal sealed class Unwritten
{
    private readonly HashSet<string> lostRuns = new(StringComparer.Ordinal);

    public long Kept { get; private set; }

    public long Lost { get; private set; }

    /// <summary>Runs with events that were lost, in run-id order.</summary>
    public IReadOnlyList<string> LostRuns => [.. lostRuns.Order(StringComparer.Ordinal)];

    public void Add(IReadOnlyList<Envelope> events, bool kept)
    {
        if (kept)
        {
            Kept += events.Count;
            return;
        }

        Lost += events.Count;
        foreach (var e in events)
        {
            lostRuns.Add(e.Event.RunId);
        }
    }

    /// <summary>What a close that joined the writer returns: done, or how many are not written and where they are.</summary>
    public FlushResult CloseResult(long pending, FlushResult drained, EventJournal journal) => pending == 0
        ? FlushResult.Done
        : new FlushResult(false, pending, string.Create(CultureInfo.InvariantCulture, $"{pending} event(s) not written") +
            (Kept + Lost > 0 ? ": " + Describe(journal) : drained.Message is { } why ? ": " + why : string.Empty));

    /// <summary>Kept beside a run's lock file, for the ABANDONED end the next open gives it.</summary>
    public string LockReason(string? lastError) =>
        string.Create(CultureInfo.InvariantCulture, $"{Lost} event(s) it could not write were lost, no journal could be written either") +
        (lastError is { } cause ? "; " + cause : string.Empty);

    /// <summary>Where the events are, in words for the close's result and the log.</summary>
    public string Describe(EventJournal journal)
    {
        var parts = new List<string>();
        if (Kept > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Kept} unwritten event(s) kept in the journal {journal.Location}; the next recorder to open the file writes them first"));
        }

        if (Lost > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Lost} unwritten event(s) lost: no journal could be written either; the next open marks run(s) {string.Join(", ", LostRuns)} ABANDONED"));
        }

        return string.Join("; ", parts);
    }
}
