using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// One attempt at a batch, as <see cref="BatchWriter"/> goes through it: what it counted, and what the writer must undo
/// if it rolls back or settle once it commits (run locks, definitions waiting for their run).
/// </summary>
internal sealed class Batch
{
    public BatchOutcome Outcome;

    /// <summary>Runs whose events this batch wrote: their cached state is forgotten if it rolls back.</summary>
    public HashSet<string> Touched { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs whose analysis inputs this batch changed: an event applied that is not a progress report (a repeat or a stale
    /// state changes no row the analysis reads). Their running analysis is due (<see cref="RunningAnalyses"/>).
    /// </summary>
    public HashSet<string> Changed { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Per run, the orders whose row or OCO links this batch wrote: told to the facts kept for the run once committed
    /// (<see cref="KeptFacts"/>), which read those orders again.
    /// </summary>
    public Dictionary<string, HashSet<string>> OrdersWritten { get; } = new(StringComparer.Ordinal);

    /// <summary>An event applied: an order's state or OCO link is noted in <see cref="OrdersWritten"/>.</summary>
    public void OrderWritten(RecorderEvent e)
    {
        if (e is OrderSnapshot or OcoLinkAdded)
        {
            if (!OrdersWritten.TryGetValue(e.RunId, out var orders))
            {
                OrdersWritten[e.RunId] = orders = new HashSet<string>(StringComparer.Ordinal);
            }

            orders.Add(e is OrderSnapshot o ? o.OrderId : ((OcoLinkAdded)e).OrderId);
        }
    }

    /// <summary>Definitions that wait for their run to start (<see cref="DeferredDefinitions"/>).</summary>
    public List<Envelope> Deferred { get; } = [];

    /// <summary>Runs whose waiting definitions (from earlier batches) this batch took up.</summary>
    public HashSet<string> ConsumedPending { get; } = new(StringComparer.Ordinal);

    /// <summary>Definitions from earlier batches quarantined because too many wait (see <see cref="DeferredDefinitions"/>).</summary>
    public List<Envelope> Evicted { get; } = [];

    public HashSet<string> StartedRuns { get; } = new(StringComparer.Ordinal);

    public HashSet<string> EndedRuns { get; } = new(StringComparer.Ordinal);

    public List<string> NewRunLocks { get; } = [];

    /// <summary>Counts what writing an event did.</summary>
    public void Count(ApplyResult result)
    {
        switch (result)
        {
            case ApplyResult.Repeat:
                Outcome.Duplicates++;
                break;
            case ApplyResult.Coalesced:
                Outcome.Coalesced++;
                break;
            case ApplyResult.Applied or ApplyResult.Stale:
                Outcome.Committed++;
                break;
        }
    }

    /// <summary>The events this batch refused, and whether it kept each (not when kept already): see <see cref="BatchWriter.Refused"/>.</summary>
    public List<(QuarantineRow Row, bool Kept)> Refused { get; } = [];

    /// <summary>Keeps an event that cannot be stored in ingest_quarantine, with its reason, in this batch.</summary>
    public void Quarantine(Quarantine quarantine, Envelope envelope, string reason)
    {
        var row = quarantine.Row(envelope, reason);
        Refused.Add((row, quarantine.Insert([row]) == 1));
        Outcome.Quarantined++;
    }
}

/// <summary>What happened to the events of a batch.</summary>
internal struct BatchOutcome
{
    public int Committed;
    public int Quarantined;
    public int Duplicates;
    public int Coalesced;
    public int Deferred;

    /// <summary>Events met by an unexpected exception (a bug of the recorder), quarantined with its stack reported.</summary>
    public int Bugs;

    /// <summary>Definitions deferred by an earlier batch that this one took up (stored or quarantined now).</summary>
    public int Resumed;

    public static BatchOutcome operator +(BatchOutcome a, BatchOutcome b) => new()
    {
        Resumed = a.Resumed + b.Resumed,
        Committed = a.Committed + b.Committed,
        Quarantined = a.Quarantined + b.Quarantined,
        Duplicates = a.Duplicates + b.Duplicates,
        Coalesced = a.Coalesced + b.Coalesced,
        Deferred = a.Deferred + b.Deferred,
        Bugs = a.Bugs + b.Bugs,
    };
}
