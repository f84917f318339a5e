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
    private readonly List<StrategyRow> strategies = [];
    private readonly List<InstanceRow> instances = [];
    private readonly Dictionary<string, string> instanceStrategies = new(StringComparer.Ordinal);
    private readonly List<RunRow> runs = [];
    private readonly List<SeriesRow> series = [];
    private readonly List<OcoGroupRow> ocoGroups = [];
    private readonly List<InstrumentRow> instruments = [];
    private readonly List<DecisionRow> decisions = [];
    private readonly List<ProgressRow> progress = [];
    private readonly List<EndRow> ended = [];
    private readonly List<IngestEntry> ingest = [];
    private readonly List<QuarantineRow> quarantined = [];
    private int nextIndex;

    public BatchOutcome Outcome;

    public IReadOnlyList<StrategyRow> Strategies => strategies;

    public IReadOnlyList<InstanceRow> Instances => instances;

    public IReadOnlyList<RunRow> Runs => runs;

    public IReadOnlyList<SeriesRow> Series => series;

    public IReadOnlyList<OcoGroupRow> OcoGroups => ocoGroups;

    public IReadOnlyList<InstrumentRow> Instruments => instruments;

    public IReadOnlyList<DecisionRow> Decisions => decisions;

    public IReadOnlyList<ProgressRow> Progress => progress;

    public IReadOnlyList<EndRow> Ended => ended;

    public IReadOnlyList<QuarantineRow> QuarantineRows => quarantined;

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

    public void Add(StrategyRow row) => strategies.Add(row);

    /// <summary>An instance; its strategy is known to the run that starts later in the same batch.</summary>
    public void Add(InstanceRow row)
    {
        instances.Add(row);
        instanceStrategies[row.InstanceId] = row.StrategyId;
    }

    public void Add(RunRow row) => runs.Add(row);

    public void Add(SeriesRow row) => series.Add(row);

    public void Add(OcoGroupRow row) => ocoGroups.Add(row);

    public void Add(InstrumentRow row) => instruments.Add(row);

    public void Add(DecisionRow row) => decisions.Add(row);

    public void Add(ProgressRow row) => progress.Add(row);

    public void Add(EndRow row) => ended.Add(row);

    public void Quarantine(QuarantineRow row) => quarantined.Add(row);

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

    public string? InstanceStrategy(string instanceId) => instanceStrategies.GetValueOrDefault(instanceId);
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
