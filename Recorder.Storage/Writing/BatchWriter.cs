using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Writes batches of events into the file, one transaction per batch (<see cref="WriteTransaction"/>): plans every
/// event (<see cref="BatchPlanner"/>), then writes the cold tables' typed rows per table with Dapper (one command,
/// bound row by row), the hot tables through their appliers, the raw log and the quarantine — all in the same transaction. A failure of
/// one event is isolated so the rest of the batch is saved. Single-threaded: only the session's writer thread (or a
/// replay) uses it.
/// </summary>
internal sealed class BatchWriter : IDisposable
{
    /// <summary>Default of <see cref="RecorderOptions.MaxWaitingDefinitions"/>.</summary>
    internal const int DefaultMaxWaitingDefinitions = 1_000;

    private readonly SqliteConnection connection;
    private readonly WriterState state;
    private readonly DeferredDefinitions deferred;
    private readonly Quarantine quarantine;
    private readonly Repeats repeats;
    private readonly BatchPlanner planner;
    private readonly OrderApplier orders;
    private readonly ExecutionApplier executions;
    private readonly BarApplier bars;
    private readonly OcoLinkApplier links;
    private readonly IngestLog ingest;
    // The session's Report, which already keeps a sink that throws from stopping the writer.
    private readonly Action<string>? report;
    private readonly List<HotOp> hot = [];

    public BatchWriter(SqliteConnection connection, TimeProvider time, RunLocks? runLocks,
        int maxWaitingDefinitions = DefaultMaxWaitingDefinitions, Action<string>? report = null)
    {
        this.connection = connection;
        this.report = report;
        state = new WriterState(connection, runLocks);
        deferred = new DeferredDefinitions(maxWaitingDefinitions);
        quarantine = new Quarantine(connection, time);
        repeats = new Repeats(connection);
        planner = new BatchPlanner(state, repeats, deferred, quarantine, new SequenceRebase(connection));
        orders = new OrderApplier(connection, state, repeats);
        executions = new ExecutionApplier(connection);
        bars = new BarApplier(connection, state, repeats);
        links = new OcoLinkApplier(connection);
        ingest = new IngestLog(connection);
    }

    /// <summary>Test-only: called before each hot-table event is applied, to provoke a bug where no real one is known.</summary>
    internal Action<RecorderEvent>? FaultInjection { get; init; }

    /// <summary>
    /// Writes a batch. Transient (busy, locked) and file-level errors propagate for the caller to retry the same batch;
    /// any other failure is isolated: each event is retried in its own transaction and the one that fails is
    /// quarantined — as not storable when SQLite refused it, as a bug (reported with its stack) for anything else.
    /// </summary>
    public BatchOutcome Write(IReadOnlyList<Envelope> batch)
    {
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
    /// At close: quarantines the definitions still waiting for a run that never started, oldest first, in chunks,
    /// while <paramref name="timeLeft"/> says there is budget. Returns how many it stored.
    /// </summary>
    public int QuarantinePendingDefinitions(Func<bool> timeLeft)
    {
        var stored = 0;
        while (deferred.Count > 0 && timeLeft())
        {
            var chunk = deferred.TakeOldest(200);
            try
            {
                stored += quarantine.Store(chunk.Select(e => quarantine.Row(e, "the run it defines never started")).ToList());
            }
            catch
            {
                deferred.PutBack(chunk);
                throw;
            }
        }

        return stored;
    }

    /// <inheritdoc cref="WriterState.FindAbandonedRuns"/>
    public IReadOnlyList<string> FindAbandonedRuns() => state.FindAbandonedRuns();

    private BatchOutcome WriteSingle(Envelope envelope)
    {
        try
        {
            return WriteOnce([envelope]);
        }
        catch (Exception ex) when (!SqliteErrors.IsTransient(ex) && !SqliteErrors.IsFileLevel(ex))
        {
            return QuarantineFailed(envelope, ex);
        }
    }

    private BatchOutcome QuarantineFailed(Envelope envelope, Exception ex)
    {
        if (ex is SqliteException or Rejection)
        {
            quarantine.Store([quarantine.Row(envelope, "not storable: " + ex.Message)]);
            return new BatchOutcome { Quarantined = 1 };
        }

        // Not the event's fault: the recorder's. Said with its stack so it can be fixed; the event is kept whole.
        report?.Invoke($"recorder bug while writing a {envelope.Event?.EventType} event ({ex.GetType().Name}: {ex.Message}); " +
                       $"the event is kept in ingest_quarantine and the rest of its batch is written. Please report it:{Environment.NewLine}{ex}");
        quarantine.Store([quarantine.Row(envelope, $"recorder bug ({ex.GetType().Name}: {ex.Message}); stack in the strategy's log")]);
        return new BatchOutcome { Quarantined = 1, Bugs = 1 };
    }

    private BatchOutcome WriteOnce(IReadOnlyList<Envelope> batch)
    {
        hot.Clear();
        var plan = new BatchPlan(hot);
        repeats.NewBatch();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            WriteTransaction.Run(connection, (this, batch, plan, touched), static s =>
            {
                s.Item1.planner.Plan(s.batch, s.plan, s.touched);
                s.Item1.Execute(s.plan);
                return true;
            });
        }
        catch
        {
            state.Forget(touched);
            bars.Shared.RolledBack();
            foreach (var runId in plan.NewRunLocks)
            {
                state.RunLocks?.Release(runId);
            }

            throw;
        }

        // Committed: deferred definitions now wait, consumed ones are gone, ended runs release their locks.
        deferred.Committed(plan);
        foreach (var runId in plan.EndedRuns)
        {
            state.RunLocks?.Release(runId);
        }

        return plan.Outcome;
    }

    private void Execute(BatchPlan plan)
    {
        // Cold tables: their typed rows through Dapper, one statement per table, in the order foreign keys need.
        ExecuteMany(Statements.InsertStrategy, plan.Strategies);
        ExecuteMany(Statements.InsertInstance, plan.Instances);
        ExecuteMany(Statements.InsertRun, plan.Runs);
        ExecuteMany(Statements.InsertSeries, plan.Series);
        ExecuteMany(StoredBars.InsertOwnShare, plan.Series);
        ExecuteMany(Statements.InsertOcoGroup, plan.OcoGroups);
        ExecuteMany(Statements.UpsertInstrument, plan.Instruments);
        ExecuteMany(Statements.UpsertDecision, plan.Decisions);

        // Hot tables, in arrival order, each with its own outcome.
        bars.Shared.NewBatch(plan.EndedRuns);
        foreach (var op in plan.Hot)
        {
            try
            {
                FaultInjection?.Invoke(op.Envelope.Event);
                var result = op.Envelope.Event switch
                {
                    OrderSnapshot o => orders.Apply(op, o),
                    ExecutionRecorded x => executions.Apply(op, x),
                    BarRecorded b => bars.Apply(op, b),
                    OcoLinkAdded l => links.Apply(op, l),
                    _ => throw new Rejection("unexpected event kind"),
                };
                if (result == ApplyResult.Repeat)
                {
                    plan.Outcome.Duplicates++;
                }
                else if (result != ApplyResult.Shared)
                {
                    plan.Log(op.Envelope, op.Payload, op.Run, op.Index);
                }
            }
            catch (Rejection rejection)
            {
                plan.Quarantine(quarantine.Row(op.Envelope, rejection.Message));
            }
        }

        var (stretches, sharedBars) = bars.Shared.Flush(plan);
        ExecuteMany(Statements.UpdateProgress, plan.Progress);
        ExecuteMany(Statements.EndRun, plan.Ended);

        // The raw log of everything that took effect, in arrival order, in the same transaction.
        var logged = plan.IngestInOrder();
        foreach (var entry in logged)
        {
            ingest.Append(entry);
        }

        quarantine.Insert(plan.QuarantineRows);
        // A stretch's raw-log row stands for the shared bars it holds, each an event that took effect.
        plan.Outcome.Committed += logged.Count - stretches + sharedBars;
        plan.Outcome.Quarantined += plan.QuarantineRows.Count;
        plan.Outcome.Deferred += plan.Deferred.Count;
    }

    private void ExecuteMany<TRow>(string sql, IReadOnlyList<TRow> rows)
    {
        if (rows.Count > 0)
        {
            connection.Execute(sql, rows);
        }
    }

    public void Dispose()
    {
        orders.Dispose();
        executions.Dispose();
        bars.Dispose();
        ingest.Dispose();
    }
}
