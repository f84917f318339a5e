using QuantowerRecorder.Storage.Records;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// What one transaction will write, decided event by event before any SQL runs: typed rows for the cold tables, the
/// hot-table operations in arrival order, the raw log's entries and the quarantine. The writer executes it as it is;
/// what decides it lives in the planners.
/// </summary>
/// <param name="hot">The list the hot operations go into, given empty: the writer keeps one from batch to batch, so a
/// batch of thousands of events does not grow a new one on the large-object heap.</param>
internal sealed class BatchPlan(List<HotOp> hot)
{
    private readonly List<IngestEntry> ingest = [];
    private int nextIndex;

    public BatchOutcome Outcome;

    public List<StrategyRow> Strategies { get; } = [];

    public List<InstanceRow> Instances { get; } = [];

    public List<RunRow> Runs { get; } = [];

    public List<SeriesRow> Series { get; } = [];

    public List<OcoGroupRow> OcoGroups { get; } = [];

    public List<InstrumentRow> Instruments { get; } = [];

    public List<DecisionRow> Decisions { get; } = [];

    public List<ProgressRow> Progress { get; } = [];

    public List<EndRow> Ended { get; } = [];

    public List<QuarantineRow> QuarantineRows { get; } = [];

    /// <summary>Hot-table operations in arrival order (bar coalescing removes superseded ones).</summary>
    public List<HotOp> Hot { get; } = hot;

    /// <summary>Definitions that wait for their run to start (<see cref="DeferredDefinitions"/>).</summary>
    public List<Envelope> Deferred { get; } = [];

    public HashSet<string> ConsumedPending { get; } = new(StringComparer.Ordinal);

    /// <summary>Definitions from earlier batches quarantined because too many wait (see <see cref="DeferredDefinitions"/>).</summary>
    public List<Envelope> Evicted { get; } = [];

    public HashSet<string> StartedRuns { get; } = new(StringComparer.Ordinal);

    public HashSet<string> EndedRuns { get; } = new(StringComparer.Ordinal);

    public List<string> NewRunLocks { get; } = [];

    public void Quarantine(QuarantineRow row) => QuarantineRows.Add(row);

    /// <summary>Logs an event; a null payload (bars) is serialized when the row is written, straight into its bytes.</summary>
    public void Log(Envelope envelope, string? payload, RunState? run, int? index = null) =>
        ingest.Add(new IngestEntry(index ?? nextIndex++, envelope, payload, run));

    public void AddHot(Envelope envelope, string? payload, RunState run) =>
        Hot.Add(new HotOp(envelope, payload, run, nextIndex++));

    /// <summary>The raw log's entries in arrival order (hot operations log later than the cold rows around them).</summary>
    public IReadOnlyList<IngestEntry> IngestInOrder()
    {
        ingest.Sort(static (a, b) => a.Order.CompareTo(b.Order));
        return ingest;
    }

    /// <summary>The strategy of an instance defined earlier in this batch, for a run that starts later in it.</summary>
    public string? InstanceStrategy(string instanceId) => Instances.FindLast(i => i.InstanceId == instanceId)?.StrategyId;
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
}
