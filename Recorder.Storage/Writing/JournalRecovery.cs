using System.Globalization;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>At open: events a process that died (or a file that could not be written) left in the journal.</summary>
internal static class JournalRecovery
{
    /// <summary>
    /// The journal's events are queued before anything else, renumbered in this session's sequences. Returns them.
    /// </summary>
    public static IReadOnlyList<Envelope> Restore(EventJournal journal, EventQueue queue, RunSequences sequences,
        SessionCounters counters, Action<string> report)
    {
        if (!journal.Exists)
        {
            return [];
        }

        var restored = journal.TakeBack(out var unreadable)
            .Select(e => e with { Sequence = sequences.Next(e.Event) })
            .ToList();
        Interlocked.Add(ref counters.Received, restored.Count);
        queue.Restore(restored);
        var cut = unreadable > 0
            ? string.Create(CultureInfo.InvariantCulture, $"; {unreadable} line(s) cut by a crash could not be read")
            : string.Empty;
        report(string.Create(CultureInfo.InvariantCulture,
            $"{restored.Count} event(s) left in the journal by an earlier session are written first{cut}"));
        return restored;
    }
}
