using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>What one transaction will write, decided event by event before any SQL runs.</summary>
internal sealed class BatchPlan
{
    private int nextIndex;

    public BatchOutcome Outcome;

    public List<object> Strategies { get; } = [];

    public List<object> Instances { get; } = [];

    public Dictionary<string, string> InstanceStrategies { get; } = new(StringComparer.Ordinal);

    public List<object> Runs { get; } = [];

    public List<object> Series { get; } = [];

    public List<object> OcoGroups { get; } = [];

    public List<object> Instruments { get; } = [];

    public List<object> Decisions { get; } = [];

    public List<object> Progress { get; } = [];

    public List<object> Ended { get; } = [];

    public List<HotOp> Hot { get; } = [];

    public List<IngestEntry> Ingest { get; } = [];

    public List<object> QuarantineRows { get; } = [];

    public List<Envelope> Deferred { get; } = [];

    public HashSet<string> ConsumedPending { get; } = new(StringComparer.Ordinal);

    /// <summary>Definitions from earlier batches quarantined because too many wait (see <see cref="DeferredDefinitions"/>).</summary>
    public List<Envelope> Evicted { get; } = [];

    public HashSet<string> StartedRuns { get; } = new(StringComparer.Ordinal);

    public HashSet<string> EndedRuns { get; } = new(StringComparer.Ordinal);

    public List<string> NewRunLocks { get; } = [];

    /// <summary>Reserves the event's place in the raw log.</summary>
    public int NextIndex() => nextIndex++;

    /// <summary>(run, type, payload) of the rare events logged in this batch, to recognise a repeat within it.</summary>
    public HashSet<(string, string, string)> Logged { get; } = [];

    /// <summary>Logs an event; a null payload (bars) is serialized when the row is written, straight into its bytes.</summary>
    public void Log(Envelope envelope, string? payload, RunState? run, int? index = null)
    {
        Ingest.Add(new IngestEntry(index ?? NextIndex(), envelope, payload, run));
        if (payload is not null && envelope.Event is not (OrderSnapshot or ExecutionRecorded or BarRecorded))
        {
            Logged.Add((envelope.Event.RunId, envelope.Event.EventType, payload));
        }
    }

    public void Quarantine(object row) => QuarantineRows.Add(row);

    public void AddHot(Envelope envelope, string? payload, RunState run)
    {
        Hot.Add(new HotOp(envelope, payload, run, NextIndex()));
        if (payload is not null && envelope.Event is OcoLinkAdded)
        {
            // Written later in the batch, but a repeat of it further on must already see it.
            Logged.Add((envelope.Event.RunId, envelope.Event.EventType, payload));
        }
    }

    public string? InstanceStrategy(string instanceId) => InstanceStrategies.GetValueOrDefault(instanceId);
}

/// <summary>
/// An event for a hot table, applied in arrival order with its own outcome. Its stored payload; null for a bar, whose
/// payload nothing compares: it is written straight into the raw log's row (<see cref="IngestLog"/>).
/// </summary>
internal readonly record struct HotOp(Envelope Envelope, string? Payload, RunState Run, int Index);

/// <summary>A row of ingest_events to write, at its place in arrival order (a null payload is serialized then).</summary>
internal readonly record struct IngestEntry(int Order, Envelope Envelope, string? Payload, RunState? Run);

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

    /// <summary>Events whose fate is settled (everything but deferred ones).</summary>
    public readonly int Settled => Committed + Quarantined + Duplicates + Coalesced;
}
