using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Decides, event by event and before any SQL runs, what a batch writes: normalisation, sequence rebasing,
/// definitions and run starts (with the definitions that waited for them), the run's other events
/// (<see cref="RunEventPlanner"/>), bar coalescing and the cap on waiting definitions.
/// </summary>
internal sealed class BatchPlanner(WriterState state, Repeats repeats, DeferredDefinitions deferred, Quarantine quarantine,
    SequenceRebase sequences)
{
    private readonly RunEventPlanner runEvents = new(state, repeats);
    private readonly Dictionary<(string, DateTime), int> newestBars = new(BarCoalescing.KeyComparer.Instance);
    private Normalized[] normalized = [];

    public void Plan(IReadOnlyList<Envelope> batch, BatchPlan plan, HashSet<string> touched)
    {
        // The normalized events, or the reason each was refused: kept from batch to batch (emptied after), as a batch's
        // arrays of thousands would be allocated anew for every batch.
        if (normalized.Length < batch.Count)
        {
            normalized = new Normalized[batch.Count];
        }

        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                normalized[i] = new Normalized(EventNormalizer.Normalize(batch[i].Event), null);
            }
            catch (Rejection rejection)
            {
                normalized[i] = new Normalized(null, rejection.Message);
            }
        }

        try
        {
            // A run's events come one after the other: its id is added once per stretch, not hashed per event.
            string? lastRun = null;
            for (var i = 0; i < batch.Count; i++)
            {
                var envelope = sequences.Apply(batch[i]);
                if (i == 0 || !ReferenceEquals(envelope.Event.RunId, lastRun))
                {
                    lastRun = envelope.Event.RunId;
                    touched.Add(lastRun ?? string.Empty);
                }

                if (normalized[i].Refused is { } reason)
                {
                    plan.Quarantine(quarantine.Row(envelope, reason));
                    continue;
                }

                try
                {
                    PlanEvent(envelope with { Event = normalized[i].Event! }, plan);
                }
                catch (Rejection rejection)
                {
                    plan.Quarantine(quarantine.Row(envelope, rejection.Message));
                }
            }
        }
        finally
        {
            Array.Clear(normalized, 0, batch.Count);
        }

        BarCoalescing.Apply(plan, newestBars);
        deferred.Evict(plan, quarantine);
    }

    private void PlanEvent(Envelope envelope, BatchPlan plan)
    {
        switch (envelope.Event)
        {
            case StrategyDefined or InstanceDefined:
                PlanDefinition(envelope, plan);
                break;

            case RunStarted r:
                PlanRunStarted(envelope, r, plan);
                break;

            default:
                runEvents.Plan(envelope, plan);
                break;
        }
    }

    private void PlanDefinition(Envelope envelope, BatchPlan plan)
    {
        var e = envelope.Event;
        if (state.TryGetRun(e.RunId) is null && !plan.StartedRuns.Contains(e.RunId))
        {
            // The run row does not exist yet, and ingest_events.run_id references it: wait for RUN_STARTED.
            plan.Deferred.Add(envelope);
            return;
        }

        var payload = PayloadJson.Serialize(e);
        if (repeats.Seen(e, payload))
        {
            plan.Outcome.Duplicates++;
            return;
        }

        if (e is StrategyDefined s)
        {
            plan.Add(new StrategyRow(s.StrategyId, s.Name, s.Version, s.Vendor, s.SourceRef, s.Notes,
                Timestamps.Format(s.EventUtc)));
            state.AddStrategy(s.StrategyId);
        }
        else if (e is InstanceDefined d)
        {
            if (!state.StrategyExists(d.StrategyId))
            {
                throw new Rejection($"unknown strategy id {d.StrategyId} (record STRATEGY_DEFINED first)");
            }

            plan.Add(new InstanceRow(d.InstanceId, d.StrategyId, d.InstanceName, d.ParametersJson, d.Symbol,
                d.SymbolsJson, d.Timeframe, d.AccountId, d.Venue, d.ConfigHash, Timestamps.Format(d.EventUtc)));
            state.AddInstance(d.InstanceId);
        }

        plan.Log(envelope, payload, null);
        repeats.Remember(e, payload);
    }

    private void PlanRunStarted(Envelope envelope, RunStarted r, BatchPlan plan)
    {
        var payload = PayloadJson.Serialize(r);
        if (state.TryGetRun(r.RunId) is not null)
        {
            if (repeats.Seen(r, payload))
            {
                plan.Outcome.Duplicates++;
                return;
            }

            throw new Rejection($"run {r.RunId} was already started");
        }

        // Definitions that waited for this run (in an earlier batch or earlier in this one) go first: their rows
        // are what the run row references.
        var waiting = deferred.For(r.RunId);
        var deferredHere = plan.Deferred.Where(d => d.Event.RunId == r.RunId).ToList();
        if (waiting.Count + deferredHere.Count > 0)
        {
            plan.Deferred.RemoveAll(d => d.Event.RunId == r.RunId);
            plan.Outcome.Resumed += waiting.Count;
            waiting = [.. waiting, .. deferredHere];
            plan.ConsumedPending.Add(r.RunId);
            plan.StartedRuns.Add(r.RunId);
            foreach (var definition in waiting)
            {
                try
                {
                    PlanEvent(definition, plan);
                }
                catch (Rejection rejection)
                {
                    plan.Quarantine(quarantine.Row(definition, rejection.Message));
                }
            }

            plan.StartedRuns.Remove(r.RunId);
        }

        if (!state.InstanceExists(r.InstanceId))
        {
            throw new Rejection($"unknown instance id {r.InstanceId} (record INSTANCE_DEFINED first)");
        }

        var strategyId = state.StoredStrategyOf(r.InstanceId) ?? plan.InstanceStrategy(r.InstanceId);
        var run = new RunState(r.RunId, strategyId, StoredText.Source(r.Source), RunStatus.Running) { StartedHere = true };
        state.AddRun(run);
        plan.StartedRuns.Add(r.RunId);
        if (state.RunLocks is { } locks && locks.Acquire(r.RunId))
        {
            plan.NewRunLocks.Add(r.RunId);
        }

        plan.Add(new RunRow(r.RunId, r.InstanceId, run.Source, Timestamps.Format(r.EventUtc), r.EngineVersion,
            r.DataSource, r.InitialBalance, r.BaseCurrency, r.FingerprintJson, r.SourceTerminal,
            Timestamps.Format(new DateTime(envelope.ReceivedTicks, DateTimeKind.Utc))));
        plan.Log(envelope, payload, run);
        repeats.Remember(r, payload);
    }

    /// <summary>An event in its normal form, or why it was refused.</summary>
    private readonly record struct Normalized(RecorderEvent? Event, string? Refused);
}
