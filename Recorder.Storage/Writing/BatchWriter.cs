using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing.Bars;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Writes batches of events into the file, one transaction per batch (<see cref="WriteTransaction"/>), event by event in
/// arrival order: each is normalised or quarantined, then the applier of its kind checks it, writes its row and its
/// raw-log entry. A failure of one event is isolated so the rest of the batch is saved. Single-threaded: only the
/// session's writer thread (or a replay) uses it.
/// </summary>
internal sealed partial class BatchWriter : IDisposable
{
    /// <summary>Default of <see cref="RecorderOptions.MaxWaitingDefinitions"/>.</summary>
    internal const int DefaultMaxWaitingDefinitions = 1_000;

    private readonly SqliteConnection connection;
    private readonly WriterState state;
    private readonly DeferredDefinitions deferred;
    private readonly Quarantine quarantine;
    private readonly SequenceRebase sequences;
    private readonly DefinitionApplier definitions;
    private readonly RunEventApplier runEvents;
    private readonly OrderApplier orders;
    private readonly ExecutionApplier executions;
    private readonly BarApplier bars;
    private readonly IngestLog ingest;
    private readonly StatementCache? statements;
    // The session's Report, which already keeps a sink that throws from stopping the writer.
    private readonly Action<string>? report;

    // Kept from batch to batch (emptied after each), as a batch's arrays of thousands would be allocated anew each time:
    // the events in normal form (or why each was refused), and each bar state's fate.
    private Normalized[] normalized = [];
    private readonly BarFates fates = new();

    // Copies of events another file recorded (replay, merge) keep that file's sequences: they are the run's own.
    private readonly bool copies;

    /// <param name="copies">
    /// The events are copies of what another file recorded (a replay, a merge): each keeps the sequence it was given,
    /// rather than one rebased after the run's events in this file (<see cref="SequenceRebase"/>), and one refused
    /// before for the same reason (the same file merged again) is not quarantined twice.
    /// </param>
    public BatchWriter(SqliteConnection connection, TimeProvider time, RunLocks? runLocks,
        int maxWaitingDefinitions = DefaultMaxWaitingDefinitions, Action<string>? report = null, bool copies = false)
    {
        this.connection = connection;
        this.report = report;
        this.copies = copies;
        // The connection's statements that are not the hot tables' own (a run's start and end, definitions, the
        // analysis' store, the transactions): prepared once each for the writer's life, not at each call.
        statements = StatementCache.Attach(connection);
        state = new WriterState(connection, runLocks);
        deferred = new DeferredDefinitions(maxWaitingDefinitions);
        quarantine = new Quarantine(connection, time, once: copies);
        ingest = new IngestLog(connection);
        sequences = new SequenceRebase(ingest);
        var repeats = new Repeats(ingest);
        definitions = new DefinitionApplier(connection, state, repeats, deferred, quarantine, ingest);
        bars = new BarApplier(connection, state, ingest);
        runEvents = new RunEventApplier(connection, state, repeats, ingest, bars.Store);
        orders = new OrderApplier(connection, state, repeats, ingest);
        executions = new ExecutionApplier(connection, ingest);
    }

    /// <summary>
    /// The running runs' kept facts (<see cref="KeptFacts"/>): a batch commits under their lock and tells them, before it
    /// lets go of it, which bar times it wrote. Null: nobody keeps facts (a replay, a merge).
    /// </summary>
    internal KeptFacts? Facts { get; init; }

    /// <summary>
    /// Writes a batch. Transient (busy, locked) and file-level errors propagate for the caller to retry the same batch;
    /// any other failure is isolated: each event is retried in its own transaction and the one that fails is
    /// quarantined — as not storable when SQLite refused it, as a bug (reported with its stack) for anything else.
    /// </summary>
    public BatchOutcome Write(IReadOnlyList<Envelope> batch)
    {
        Written.Clear();
        Refused.Clear();
        try
        {
            return WriteOnce(batch);
        }
        catch (Exception ex) when (!SqliteErrors.IsTransient(ex) && !SqliteErrors.IsFileLevel(ex))
        {
            return batch.Count == 1
                ? QuarantineFailed(batch[0], ex)
                : batch.Aggregate(new BatchOutcome(), (total, envelope) => total + WriteSingle(envelope));
        }
    }

    /// <summary>
    /// The runs whose analysis inputs the last <see cref="Write"/> changed (<see cref="Batch.Changed"/>), with their type
    /// (run_type) and whether they still run after it: what keeps their analysis current (<see cref="RunningAnalyses"/>).
    /// </summary>
    public List<(string RunId, string Source, bool Running)> Written { get; } = [];

    /// <inheritdoc cref="BarApplier.EndStretches"/>
    public void EndBarStretches() => bars.EndStretches();

    /// <inheritdoc cref="WriterState.FindAbandonedRuns"/>
    public IReadOnlyList<string> FindAbandonedRuns(IEnumerable<string> spilled) => state.FindAbandonedRuns(spilled);

    private BatchOutcome WriteOnce(IReadOnlyList<Envelope> envelopes)
    {
        var batch = new Batch();
        var committed = false;
        try
        {
            lock (Facts?.Commits ?? batch)
            {
                WriteTransaction.Run(connection, (this, envelopes, batch), static s =>
                {
                    s.Item1.Execute(s.envelopes, s.batch);
                    s.Item1.Facts?.BeforeCommit(s.Item1.connection);
                    return true;
                });
                committed = true;
                Facts?.Committed(connection, bars.Store.TakeTouched(), batch.OrdersWritten);
            }
        }
        catch when (!committed)
        {
            state.Forget(batch.Touched);
            ingest.Drop();
            executions.Drop();
            orders.Drop();
            bars.RolledBack();
            foreach (var runId in batch.NewRunLocks)
            {
                state.RunLocks?.Release(runId);
            }

            throw;
        }

        // Committed: deferred definitions now wait, consumed ones are gone, ended runs' locks go once the end is on the disk.
        Refused.AddRange(batch.Refused);
        deferred.Committed(batch);
        foreach (var runId in batch.EndedRuns)
        {
            state.RunLocks?.Ended(runId);
        }

        foreach (var runId in batch.Changed)
        {
            if (runId.Length > 0 && state.TryGetRun(runId) is { } run)
            {
                Written.Add((runId, run.Source, run.Status == RunStatus.Running));
            }
        }

        return batch.Outcome;
    }

    private void Execute(IReadOnlyList<Envelope> envelopes, Batch batch)
    {
        if (normalized.Length < envelopes.Count)
        {
            normalized = new Normalized[envelopes.Count];
        }

        try
        {
            bars.BeginBatch();
            LookAhead(envelopes);

            // A run's events come one after the other: its id is added once per stretch, not hashed per event.
            string? lastRun = null;
            for (var i = 0; i < envelopes.Count; i++)
            {
                var envelope = copies ? envelopes[i] : sequences.Apply(envelopes[i]);
                if (i == 0 || !ReferenceEquals(envelope.Event.RunId, lastRun))
                {
                    lastRun = envelope.Event.RunId;
                    batch.Touched.Add(lastRun ?? string.Empty);
                }

                bars.Arrived(envelope.Event);
                if (normalized[i].Refused is { } reason)
                {
                    batch.Quarantine(quarantine, envelope, reason);
                    continue;
                }

                try
                {
                    var result = WriteEvent(envelope with { Event = normalized[i].Event! }, i, batch);
                    batch.Count(result);
                    if (result == ApplyResult.Applied && envelope.Event is not RunProgress)
                    {
                        batch.Changed.Add(lastRun ?? string.Empty);
                        batch.OrderWritten(envelope.Event);
                    }
                }
                catch (Rejection rejection)
                {
                    batch.Quarantine(quarantine, envelope, rejection.Message);
                }
            }
        }
        finally
        {
            Array.Clear(normalized, 0, envelopes.Count);
        }

        bars.EndBatch();
        deferred.Evict(batch, quarantine);
        batch.Outcome.Deferred += batch.Deferred.Count;
        orders.Flush();
        executions.Flush();
        ingest.Flush();
    }

    // What the batch's states of one bar decide for each other: the newest by the bar's own progress is the one written
    // (docs/decisions.md, 3 and 14), one that a newer state follows is coalesced, one that comes after a newer state is a
    // late copy. Decided on the events in normal form: a refused update must not stand in for a valid one.
    private void LookAhead(IReadOnlyList<Envelope> envelopes)
    {
        fates.Reset(envelopes.Count);
        for (var i = 0; i < envelopes.Count; i++)
        {
            try
            {
                normalized[i] = new Normalized(EventNormalizer.Normalize(envelopes[i].Event), null);
            }
            catch (Rejection rejection)
            {
                normalized[i] = new Normalized(null, rejection.Message);
                continue;
            }

            if (normalized[i].Event is BarRecorded bar)
            {
                fates.Decide(bar, i);
            }
        }
    }

    private ApplyResult WriteEvent(Envelope envelope, int index, Batch batch)
    {
        var e = envelope.Event;
        switch (e)
        {
            case StrategyDefined or InstanceDefined:
                return definitions.Define(envelope, batch);
            case RunStarted r:
                return definitions.Start(envelope, r, batch);
        }

        var run = state.TryGetRun(e.RunId) ?? throw new Rejection($"unknown run id {e.RunId} (record RUN_STARTED first)");
        return e switch
        {
            OrderSnapshot o => orders.Apply(envelope, o, run),
            ExecutionRecorded x => executions.Apply(envelope, x, run),
            BarRecorded b => bars.Apply(envelope, b, run, fates[index]),
            _ => runEvents.Apply(envelope, run, batch),
        };
    }

    public void Dispose()
    {
        orders.Dispose();
        executions.Dispose();
        bars.Dispose();
        ingest.Dispose();
        statements?.Dispose();
    }

    /// <summary>An event in its normal form, or why it was refused.</summary>
    private readonly record struct Normalized(RecorderEvent? Event, string? Refused);
}
