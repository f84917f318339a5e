using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Strategy and instance definitions and run starts. A definition's raw-log row references its run, so a definition
/// whose run has not started waits for it (<see cref="DeferredDefinitions"/>); the run's start writes the definitions
/// that waited, its own row, then their raw-log rows and its own.
/// </summary>
internal sealed class DefinitionApplier(SqliteConnection connection, WriterState state, Repeats repeats,
    DeferredDefinitions deferred, Quarantine quarantine, IngestLog ingest)
{
    /// <summary>A strategy or instance definition.</summary>
    /// <param name="held">Where the raw-log rows go while their run's row is not written yet (a run starting now).</param>
    public ApplyResult Define(Envelope envelope, Batch batch, List<(Envelope Envelope, string Payload)>? held = null)
    {
        var e = envelope.Event;
        // A run starting in this batch is not in the file yet: no need to ask it.
        if (!batch.StartedRuns.Contains(e.RunId) && state.TryGetRun(e.RunId) is null)
        {
            batch.Deferred.Add(envelope);
            return ApplyResult.Waiting;
        }

        var payload = PayloadJson.Serialize(e);
        // Defined for a run starting now (held), which had no row until now: the raw log, whose rows reference their run,
        // holds nothing of it to be a repeat of, but a copy that waited with it (a late copy before the start) is one.
        if (held is null ? repeats.Seen(e, payload) : held.Exists(h => Repeats.Same(h.Envelope.Event, h.Payload, e, payload)))
        {
            return ApplyResult.Repeat;
        }

        if (e is StrategyDefined s)
        {
            connection.Run(Statements.InsertStrategy, new
            {
                s.StrategyId, s.Name, s.Version, s.Vendor, s.SourceRef, s.Notes,
                CreatedUtc = Timestamps.Format(s.EventUtc),
            });
            state.AddStrategy(s.StrategyId);
        }
        else if (e is InstanceDefined d)
        {
            if (!state.StrategyExists(d.StrategyId))
            {
                throw new Rejection($"unknown strategy id {d.StrategyId} (record STRATEGY_DEFINED first)");
            }

            connection.Run(Statements.InsertInstance, new
            {
                d.InstanceId, d.StrategyId, d.InstanceName, d.ParametersJson, d.Symbol, d.SymbolsJson, d.Timeframe,
                d.AccountId, d.Venue, d.ConfigHash, CreatedUtc = Timestamps.Format(d.EventUtc),
            });
            state.AddInstance(d.InstanceId);
        }

        if (held is not null)
        {
            held.Add((envelope, payload));
        }
        else
        {
            ingest.Append(envelope, payload, null);
        }

        return ApplyResult.Applied;
    }

    public ApplyResult Start(Envelope envelope, RunStarted r, Batch batch)
    {
        var payload = PayloadJson.Serialize(r);
        if (state.TryGetRun(r.RunId) is not null)
        {
            return repeats.Seen(r, payload) ? ApplyResult.Repeat : throw new Rejection($"run {r.RunId} was already started");
        }

        // Definitions that waited for this run (in an earlier batch or earlier in this one) go first: their rows are
        // what the run row references.
        var waiting = deferred.For(r.RunId);
        var deferredHere = batch.Deferred.Where(d => d.Event.RunId == r.RunId).ToList();
        var held = new List<(Envelope Envelope, string Payload)>();
        if (waiting.Count + deferredHere.Count > 0)
        {
            batch.Deferred.RemoveAll(d => d.Event.RunId == r.RunId);
            batch.Outcome.Resumed += waiting.Count;
            batch.ConsumedPending.Add(r.RunId);
            batch.StartedRuns.Add(r.RunId);
            foreach (var definition in (List<Envelope>)[.. waiting, .. deferredHere])
            {
                try
                {
                    batch.Count(Define(definition, batch, held));
                }
                catch (Rejection rejection)
                {
                    batch.Quarantine(quarantine, definition, rejection.Message);
                }
            }

            batch.StartedRuns.Remove(r.RunId);
        }

        RunState run;
        try
        {
            if (!state.InstanceExists(r.InstanceId))
            {
                throw new Rejection($"unknown instance id {r.InstanceId} (record INSTANCE_DEFINED first)");
            }

            var strategyId = state.StoredStrategyOf(r.InstanceId);
            run = new RunState(r.RunId, strategyId, StoredText.Source(r.Source), RunStatus.Running) { StartedHere = true };
            state.AddRun(run);
            batch.StartedRuns.Add(r.RunId);
            if (state.RunLocks is { } locks && locks.Acquire(r.RunId))
            {
                batch.NewRunLocks.Add(r.RunId);
            }

            connection.Run(Statements.InsertRun, new
            {
                r.RunId, r.InstanceId, RunType = run.Source, StartUtc = Timestamps.Format(r.EventUtc), r.EngineVersion,
                r.DataSource, r.InitialBalance, r.BaseCurrency, r.FingerprintJson, r.SourceTerminal,
                CreatedUtc = Timestamps.Format(new DateTime(envelope.ReceivedTicks, DateTimeKind.Utc)),
            });
        }
        finally
        {
            // After the run's row they reference; were the run refused, they fail the batch, which is then written event
            // by event.
            foreach (var (definition, definitionPayload) in held)
            {
                ingest.Append(definition, definitionPayload, null);
            }
        }

        ingest.Append(envelope, payload, run);
        return ApplyResult.Applied;
    }
}
