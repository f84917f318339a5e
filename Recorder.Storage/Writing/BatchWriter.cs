using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Writes batches of events into the file, one BEGIN IMMEDIATE transaction per batch. Decides per event, in order,
/// whether it is applied, a repeat (changes nothing), stale (logged, but older than what is stored), deferred
/// (a definition waiting for its run to start) or quarantined; then writes the cold tables with Dapper multi-row
/// statements grouped per table, the hot tables (orders, executions, bars, ingest_events) on reused prepared
/// commands, and the ingest_events rows of every event that took effect — all in the same transaction.
/// Single-threaded: only the session's writer thread (or a replay) uses it.
/// </summary>
internal sealed class BatchWriter : IDisposable
{
    private readonly SqliteConnection connection;
    private readonly TimeProvider time;
    private readonly RunLocks? runLocks;
    private readonly Dictionary<string, RunState> runs = new(StringComparer.Ordinal);
    private readonly HashSet<string> knownStrategies = new(StringComparer.Ordinal);
    private readonly HashSet<string> knownInstances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> seriesRuns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Envelope>> pendingDefinitions = new(StringComparer.Ordinal);

    // The newest bar time stored per series: a bar after it is a plain append.
    private readonly Dictionary<string, string> newestBar = new(StringComparer.Ordinal);

    // Sequences restart at 1 in each process; a run that already has events in the file continues after them.
    private readonly Dictionary<string, long> sequenceBases = new(StringComparer.Ordinal);

    // Hot tables need a per-row outcome (applied, repeat, conflict) that Dapper's multi-row Execute does not give,
    // so they keep one prepared command each for the life of the connection.
    private readonly PreparedCommand upsertOrder;
    private readonly PreparedCommand inheritLinkImpact;
    private readonly PreparedCommand insertExecution;
    private readonly PreparedCommand selectExecution;
    private readonly PreparedCommand appendBar;
    private readonly PreparedCommand insertBar;
    private readonly PreparedCommand updateBar;
    private readonly PreparedCommand insertIngest;

    public BatchWriter(SqliteConnection connection, TimeProvider time, RunLocks? runLocks)
    {
        this.connection = connection;
        this.time = time;
        this.runLocks = runLocks;
        upsertOrder = new(connection, Statements.UpsertOrder, "$run", "$strategy", "$order", "$parent", "$symbol",
            "$account", "$side", "$type", "$tif", "$qty", "$price", "$stop", "$status", "$submit", "$update", "$tag",
            "$impact", "$extra", "$seq", "$filled", "$avg", "$impactGiven");
        inheritLinkImpact = new(connection, Statements.InheritLinkImpact, "$impact", "$run", "$order");
        insertExecution = new(connection, Statements.InsertExecution, "$run", "$exec", "$order", "$time", "$price",
            "$qty", "$fee", "$feeCcy", "$liq", "$extra", "$symbol", "$account", "$side", "$impact");
        selectExecution = new(connection, Statements.SelectExecution, "$run", "$exec");
        appendBar = new(connection, Statements.AppendBar, "$series", "$ts", "$o", "$h", "$l", "$c", "$v", "$vol");
        insertBar = new(connection, Statements.InsertBar, "$series", "$ts", "$o", "$h", "$l", "$c", "$v", "$vol");
        updateBar = new(connection, Statements.UpdateBar, "$series", "$ts", "$o", "$h", "$l", "$c", "$v", "$vol");
        insertIngest = new(connection, Statements.InsertIngest, "$run", "$type", "$time", "$payload", "$received",
            "$seq", "$source", "$version", "$instance", "$strategy");
    }

    /// <summary>
    /// Writes a batch. Transient errors (busy, locked) propagate for the caller to retry the same batch; a permanent
    /// error is isolated: each event is retried in its own transaction and the one that fails is quarantined.
    /// </summary>
    public BatchOutcome Write(IReadOnlyList<Envelope> batch)
    {
        try
        {
            return WriteTransaction(batch);
        }
        catch (Exception ex) when (!SqliteErrors.IsTransient(ex) && !SqliteErrors.IsFileLevel(ex) && batch.Count > 1)
        {
            var total = new BatchOutcome();
            foreach (var envelope in batch)
            {
                total += WriteSingle(envelope);
            }

            return total;
        }
    }

    /// <summary>Quarantines the definitions still waiting for a run that never started (at shutdown).</summary>
    public BatchOutcome QuarantinePendingDefinitions()
    {
        var waiting = pendingDefinitions.Values.SelectMany(l => l).ToList();
        if (waiting.Count == 0)
        {
            return default;
        }

        var rows = waiting.Select(e => QuarantineRow(e, "the run it defines never started")).ToList();
        InTransaction(() => connection.Execute(Statements.InsertQuarantine, rows));
        pendingDefinitions.Clear();
        return new BatchOutcome { Quarantined = rows.Count };
    }

    /// <summary>
    /// Runs found RUNNING whose recorder crashed: their lock file is left and free (ARCHITECTURE.md, decision 12).
    /// A run left RUNNING by a clean close has no lock file and stays RUNNING. Stale lock files are swept.
    /// </summary>
    public IReadOnlyList<string> FindAbandonedRuns()
    {
        if (runLocks is null)
        {
            return [];
        }

        var running = connection.Query<string>("SELECT run_id FROM strategy_runs WHERE status = 'RUNNING'").ToList();
        runLocks.SweepStale(running.ToHashSet(StringComparer.Ordinal));
        return running.Where(runLocks.IsAbandoned).ToList();
    }

    private BatchOutcome WriteSingle(Envelope envelope)
    {
        try
        {
            return WriteTransaction([envelope]);
        }
        catch (Exception ex) when (!SqliteErrors.IsTransient(ex) && !SqliteErrors.IsFileLevel(ex))
        {
            InTransaction(() => connection.Execute(Statements.InsertQuarantine, QuarantineRow(envelope, "not storable: " + ex.Message)));
            return new BatchOutcome { Quarantined = 1 };
        }
    }

    private BatchOutcome WriteTransaction(IReadOnlyList<Envelope> batch)
    {
        var plan = new BatchPlan();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        DatabaseFile.Execute(connection, "BEGIN IMMEDIATE;");
        var committed = false;
        try
        {
            Plan(batch, plan, touched);
            Execute(plan);
            DatabaseFile.Execute(connection, "COMMIT;");
            committed = true;
        }
        finally
        {
            if (!committed)
            {
                Rollback();
                // What the failed transaction taught the caches is no longer true: forget it, reload on demand.
                foreach (var runId in touched)
                {
                    runs.Remove(runId);
                }

                foreach (var runId in plan.NewRunLocks)
                {
                    runLocks?.Release(runId);
                }

                knownStrategies.Clear();
                knownInstances.Clear();
                seriesRuns.Clear();
                newestBar.Clear();
            }
        }

        // Committed: deferred definitions are now pending, consumed ones gone, ended runs release their locks.
        foreach (var deferred in plan.Deferred)
        {
            if (!pendingDefinitions.TryGetValue(deferred.Event.RunId, out var list))
            {
                pendingDefinitions[deferred.Event.RunId] = list = [];
            }

            list.Add(deferred);
        }

        foreach (var runId in plan.ConsumedPending)
        {
            pendingDefinitions.Remove(runId);
        }

        foreach (var runId in plan.EndedRuns)
        {
            runLocks?.Release(runId);
        }

        return plan.Outcome;
    }

    private void Plan(IReadOnlyList<Envelope> batch, BatchPlan plan, HashSet<string> touched)
    {
        var normalized = new RecorderEvent?[batch.Count];
        var rejections = new string?[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                normalized[i] = EventNormalizer.Normalize(batch[i].Event);
            }
            catch (Rejection rejection)
            {
                rejections[i] = rejection.Message;
            }
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var envelope = batch[i] with { Sequence = SequenceBase(batch[i].Event.RunId) + batch[i].Sequence };
            touched.Add(envelope.Event.RunId ?? string.Empty);
            if (rejections[i] is { } reason)
            {
                plan.Quarantine(QuarantineRow(envelope, reason));
                continue;
            }

            try
            {
                PlanEvent(envelope with { Event = normalized[i]! }, plan);
            }
            catch (Rejection rejection)
            {
                plan.Quarantine(QuarantineRow(envelope, rejection.Message));
            }
        }

        CoalesceBars(plan);
    }

    /// <summary>
    /// Forming-bar updates collapse to the newest state of each bar within the batch. Decided among the bars that
    /// passed validation: a refused update (an unknown run, a series of another run) must not stand in for a valid
    /// one, or the valid state would be counted as coalesced and written nowhere.
    /// </summary>
    private static void CoalesceBars(BatchPlan plan)
    {
        var newest = new Dictionary<(string, DateTime), HotOp>();
        foreach (var op in plan.Hot)
        {
            if (op.Envelope.Event is BarRecorded bar)
            {
                newest[(bar.SeriesId, bar.OpenUtc)] = op;
            }
        }

        plan.Outcome.Coalesced += plan.Hot.RemoveAll(op =>
            op.Envelope.Event is BarRecorded bar && !ReferenceEquals(newest[(bar.SeriesId, bar.OpenUtc)], op));
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
                PlanRunEvent(envelope, plan);
                break;
        }
    }

    private void PlanDefinition(Envelope envelope, BatchPlan plan)
    {
        var e = envelope.Event;
        if (TryGetRun(e.RunId) is null && !plan.StartedRuns.Contains(e.RunId))
        {
            // The run row does not exist yet, and ingest_events.run_id references it: wait for RUN_STARTED.
            plan.Deferred.Add(envelope);
            return;
        }

        var payload = PayloadJson.Serialize(e);
        if (AlreadyLogged(plan, e, payload))
        {
            plan.Outcome.Duplicates++;
            return;
        }

        if (e is StrategyDefined s)
        {
            plan.Strategies.Add(new
            {
                s.StrategyId, s.Name, s.Version, s.Vendor, s.SourceRef, s.Notes,
                CreatedUtc = Timestamps.Format(s.EventUtc),
            });
            knownStrategies.Add(s.StrategyId);
        }
        else if (e is InstanceDefined d)
        {
            if (!StrategyExists(d.StrategyId))
            {
                throw new Rejection($"unknown strategy id {d.StrategyId} (record STRATEGY_DEFINED first)");
            }

            plan.Instances.Add(new
            {
                d.InstanceId, d.StrategyId, d.InstanceName, d.ParametersJson, d.Symbol, d.SymbolsJson,
                d.Timeframe, d.AccountId, d.Venue, d.ConfigHash, CreatedUtc = Timestamps.Format(d.EventUtc),
            });
            knownInstances.Add(d.InstanceId);
            plan.InstanceStrategies[d.InstanceId] = d.StrategyId;
        }

        plan.Log(envelope, payload, null);
    }

    private void PlanRunStarted(Envelope envelope, RunStarted r, BatchPlan plan)
    {
        var payload = PayloadJson.Serialize(r);
        var existing = TryGetRun(r.RunId);
        if (existing is not null)
        {
            if (AlreadyLogged(plan, r, payload))
            {
                plan.Outcome.Duplicates++;
                return;
            }

            throw new Rejection($"run {r.RunId} was already started");
        }

        // Definitions that waited for this run (in an earlier batch or earlier in this one) go first: their rows
        // are what the run row references.
        var waiting = pendingDefinitions.GetValueOrDefault(r.RunId) ?? [];
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
                    plan.Quarantine(QuarantineRow(definition, rejection.Message));
                }
            }

            plan.StartedRuns.Remove(r.RunId);
        }

        if (!InstanceExists(r.InstanceId))
        {
            throw new Rejection($"unknown instance id {r.InstanceId} (record INSTANCE_DEFINED first)");
        }

        var strategyId = connection.ExecuteScalar<string?>(
            "SELECT strategy_id FROM strategy_instances WHERE instance_id = @id", new { id = r.InstanceId })
            ?? plan.InstanceStrategy(r.InstanceId);
        var state = new RunState(r.RunId, r.InstanceId, strategyId, SourceName(r.Source), RunStatus.Running);
        runs[r.RunId] = state;
        plan.StartedRuns.Add(r.RunId);
        if (runLocks is not null && runLocks.Acquire(r.RunId))
        {
            plan.NewRunLocks.Add(r.RunId);
        }

        plan.Runs.Add(new
        {
            r.RunId, r.InstanceId, RunType = state.Source, StartUtc = Timestamps.Format(r.EventUtc), r.EngineVersion,
            r.DataSource, r.InitialBalance, r.BaseCurrency, r.FingerprintJson,
            CreatedUtc = Timestamps.Format(new DateTime(envelope.ReceivedTicks, DateTimeKind.Utc)),
        });
        plan.Log(envelope, payload, state);
    }

    private void PlanRunEvent(Envelope envelope, BatchPlan plan)
    {
        var e = envelope.Event;
        var run = TryGetRun(e.RunId) ?? throw new Rejection($"unknown run id {e.RunId} (record RUN_STARTED first)");
        var payload = PayloadJson.Serialize(e);
        if (e is not (OrderSnapshot or ExecutionRecorded or BarRecorded) && AlreadyLogged(plan, e, payload))
        {
            // Rare events are checked against the raw log itself, so a repeat is recognised in any session.
            plan.Outcome.Duplicates++;
            return;
        }

        switch (e)
        {
            case RunProgress p:
                plan.Progress.Add(new { p.RunId, Processed = p.ProcessedCount, Total = p.TotalCount, At = Timestamps.Format(p.EventUtc) });
                plan.Log(envelope, payload, run);
                break;

            case RunEnded end:
                // An ABANDONED run was only presumed dead: its real end, arriving later, is taken. Presuming it dead
                // twice (two writers opening the file at once) changes nothing.
                if (run.Status == RunStatus.Abandoned && end.Status == RunStatus.Abandoned)
                {
                    plan.Outcome.Duplicates++;
                    return;
                }

                if (run.Status is not (RunStatus.Running or RunStatus.Abandoned))
                {
                    throw new Rejection($"run {run.RunId} already ended ({StatusName(run.Status)})");
                }

                run.Status = end.Status;
                plan.EndedRuns.Add(run.RunId);
                plan.Ended.Add(new
                {
                    end.RunId, Status = StatusName(end.Status), EndUtc = Timestamps.Format(end.EventUtc), end.ErrorMessage,
                });
                plan.Log(envelope, payload, run);
                break;

            case OcoGroupDefined g:
                if (OcoGroupOwner(g.OcoGroupId) is { } owner && owner != run.RunId)
                {
                    throw new Rejection($"OCO group {g.OcoGroupId} belongs to run {owner}");
                }

                run.OcoGroups.Add(g.OcoGroupId);
                plan.OcoGroups.Add(new { g.OcoGroupId, g.RunId, CreatedUtc = Timestamps.Format(g.EventUtc), g.Label, g.ExtraJson });
                plan.Log(envelope, payload, run);
                break;

            case OcoLinkAdded l:
                if (!run.OcoGroups.Contains(l.OcoGroupId) && OcoGroupOwner(l.OcoGroupId) != run.RunId)
                {
                    throw new Rejection($"unknown OCO group {l.OcoGroupId} (record OCO_GROUP first)");
                }

                run.OcoGroups.Add(l.OcoGroupId);
                run.HasLinks = true;
                plan.AddHot(envelope, payload, run);
                break;

            case SeriesDefined s:
                if (SeriesOwner(s.SeriesId) is { } seriesOwner && seriesOwner != run.RunId)
                {
                    throw new Rejection($"series {s.SeriesId} belongs to run {seriesOwner}");
                }

                seriesRuns[s.SeriesId] = run.RunId;
                plan.Series.Add(new
                {
                    s.SeriesId, s.RunId, s.Symbol, s.Timeframe, Source = s.SourceName,
                    HasVolumetric = s.HasVolumetric ? 1 : 0, CreatedUtc = Timestamps.Format(s.EventUtc),
                });
                plan.Log(envelope, payload, run);
                break;

            case InstrumentDefined d:
                plan.Instruments.Add(new
                {
                    d.RunId, d.Symbol, d.TickSize, d.TickValue, d.PointValue, d.LotSize, d.Currency, d.AccountCurrency,
                    d.SymbolType, d.Exchange, ExpirationUtc = d.ExpirationUtc is { } expiry ? Timestamps.Format(expiry) : null,
                    d.VariableTicksJson, CapturedUtc = Timestamps.Format(d.EventUtc), d.ExtraJson,
                });
                plan.Log(envelope, payload, run);
                break;

            case BarRecorded b:
                if (SeriesOwner(b.SeriesId) != run.RunId)
                {
                    throw new Rejection($"unknown series {b.SeriesId} for run {run.RunId} (record SERIES first)");
                }

                plan.AddHot(envelope, payload, run);
                break;

            case OrderSnapshot or ExecutionRecorded:
                plan.AddHot(envelope, payload, run);
                break;

            default:
                throw new Rejection($"unknown event kind {e.GetType().Name}");
        }
    }

    private void Execute(BatchPlan plan)
    {
        // Cold tables: Dapper multi-row statements, one per table, in the order foreign keys need.
        ExecuteMany(Statements.InsertStrategy, plan.Strategies);
        ExecuteMany(Statements.InsertInstance, plan.Instances);
        ExecuteMany(Statements.InsertRun, plan.Runs);
        ExecuteMany(Statements.InsertSeries, plan.Series);
        ExecuteMany(Statements.InsertOcoGroup, plan.OcoGroups);
        ExecuteMany(Statements.UpsertInstrument, plan.Instruments);

        // Hot tables, in arrival order, each with its own outcome.
        foreach (var op in plan.Hot)
        {
            try
            {
                var logged = op.Envelope.Event switch
                {
                    OrderSnapshot o => ApplyOrder(op, o, plan),
                    ExecutionRecorded x => ApplyExecution(op, x, plan),
                    BarRecorded b => ApplyBar(b, plan),
                    OcoLinkAdded l => ApplyLink(op, l),
                    _ => throw new Rejection("unexpected event kind"),
                };
                if (logged)
                {
                    plan.Log(op.Envelope, op.Payload, op.Run, op.Index);
                }
            }
            catch (Rejection rejection)
            {
                plan.Quarantine(QuarantineRow(op.Envelope, rejection.Message));
            }
        }

        ExecuteMany(Statements.UpdateProgress, plan.Progress);
        ExecuteMany(Statements.EndRun, plan.Ended);

        // The raw log of everything that took effect, in arrival order, in the same transaction.
        foreach (var entry in plan.Ingest.OrderBy(l => l.Order))
        {
            var e = entry.Envelope.Event;
            var received = Timestamps.Format(new DateTime(entry.Envelope.ReceivedTicks, DateTimeKind.Utc));
            insertIngest.Execute(e.RunId, e.EventType, Timestamps.Format(e.EventUtc), entry.Payload, received,
                entry.Envelope.Sequence, entry.Run?.Source ?? SourceName(e.Source), e.PayloadVersion,
                entry.Run?.InstanceId ?? (e as InstanceDefined)?.InstanceId,
                entry.Run?.StrategyId ?? (e as StrategyDefined)?.StrategyId ?? (e as InstanceDefined)?.StrategyId);
        }

        ExecuteMany(Statements.InsertQuarantine, plan.QuarantineRows);
        plan.Outcome.Committed += plan.Ingest.Count;
        plan.Outcome.Quarantined += plan.QuarantineRows.Count;
        plan.Outcome.Deferred += plan.Deferred.Count;
    }

    private bool ApplyOrder(HotOp op, OrderSnapshot o, BatchPlan plan)
    {
        var run = op.Run;
        var seq = op.Envelope.Sequence;
        var known = run.Orders.GetValueOrDefault(o.OrderId) ?? LoadOrderState(run, o.OrderId);
        if (known is not null && known.Payload == op.Payload)
        {
            plan.Outcome.Duplicates++;
            return false;
        }

        if (known is not null && (o.EventUtc, seq).CompareTo((known.UpdateUtc, known.Sequence)) < 0)
        {
            // Older than the stored snapshot: the order row is left as it is, and the raw log keeps it once (a file
            // imported again brings every earlier state of its orders back: those are repeats, not new events).
            if (AlreadyLogged(plan, o, op.Payload))
            {
                plan.Outcome.Duplicates++;
                return false;
            }

            plan.Logged.Add((o.RunId, o.EventType, op.Payload));
            return true;
        }

        var impact = o.PositionImpact ?? known?.Impact ?? run.Positions.Infer(o.Symbol, o.AccountId, o.Side, o.Quantity);
        upsertOrder.Execute(o.RunId, o.StrategyId ?? run.StrategyId, o.OrderId, o.ParentOrderId, o.Symbol, o.AccountId,
            SideName(o.Side), o.OrderType, o.TimeInForce, o.Quantity, o.Price, o.StopPrice, o.Status,
            Timestamps.Format(o.SubmitUtc ?? o.EventUtc), Timestamps.Format(o.EventUtc), o.ClientTag, ImpactName(impact),
            o.ExtraJson, seq, o.FilledQuantity, o.AverageFillPrice, o.PositionImpact is null ? 0 : 1);
        if (known is null && run.HasLinks)
        {
            inheritLinkImpact.Execute(ImpactName(impact), o.RunId, o.OrderId);
        }

        run.Orders[o.OrderId] = new OrderState(o.EventUtc, seq, op.Payload, impact);
        return true;
    }

    private bool ApplyExecution(HotOp op, ExecutionRecorded x, BatchPlan plan)
    {
        var run = op.Run;
        var impact = x.PositionImpact ?? run.Positions.Infer(x.Symbol, x.AccountId, x.Side, x.Quantity);
        var inserted = insertExecution.Execute(x.RunId, x.ExecutionId, x.OrderId, Timestamps.Format(x.EventUtc), x.Price,
            x.Quantity, x.Fee, x.FeeCurrency, x.Liquidity, x.ExtraJson, x.Symbol, x.AccountId, SideName(x.Side),
            ImpactName(impact));
        if (inserted == 1)
        {
            run.Positions.Apply(x.Symbol, x.AccountId, x.Side, x.Quantity);
            return true;
        }

        var difference = DescribeExecutionDifference(x);
        if (difference is null)
        {
            plan.Outcome.Duplicates++;
            return false;
        }

        throw new Rejection($"execution {x.ExecutionId} was already recorded with different content ({difference})");
    }

    private string? DescribeExecutionDifference(ExecutionRecorded x)
    {
        using var reader = selectExecution.Reader(x.RunId, x.ExecutionId);
        if (!reader.Read())
        {
            return "stored row not found";
        }

        var differences = new List<string>();
        void Compare(string name, object? stored, object? incoming)
        {
            if (!Equals(stored, incoming))
            {
                differences.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {stored ?? "null"} → {incoming ?? "null"}"));
            }
        }

        Compare("order", reader.GetString(0), x.OrderId);
        Compare("time", reader.GetString(1), Timestamps.Format(x.EventUtc));
        Compare("price", reader.GetDouble(2), x.Price);
        Compare("quantity", reader.GetDouble(3), x.Quantity);
        Compare("fee", reader.IsDBNull(4) ? null : reader.GetDouble(4), x.Fee);
        Compare("symbol", reader.IsDBNull(5) ? null : reader.GetString(5), x.Symbol);
        Compare("account", reader.IsDBNull(6) ? null : reader.GetString(6), x.AccountId);
        Compare("side", reader.IsDBNull(7) ? null : reader.GetString(7), SideName(x.Side));
        return differences.Count == 0 ? null : string.Join(", ", differences);
    }

    private bool ApplyBar(BarRecorded b, BatchPlan plan)
    {
        var ts = Timestamps.Format(b.OpenUtc);
        if (!newestBar.TryGetValue(b.SeriesId, out var newest))
        {
            newest = connection.ExecuteScalar<string?>("SELECT MAX(ts_utc) FROM bars WHERE series_id = @SeriesId", new { b.SeriesId }) ?? string.Empty;
        }

        if (string.CompareOrdinal(ts, newest) > 0)
        {
            appendBar.Execute(b.SeriesId, ts, b.Open, b.High, b.Low, b.Close, b.Volume, b.VolumetricJson);
            newestBar[b.SeriesId] = ts;
            return true;
        }

        newestBar[b.SeriesId] = newest;
        if (insertBar.Execute(b.SeriesId, ts, b.Open, b.High, b.Low, b.Close, b.Volume, b.VolumetricJson) == 1)
        {
            return true;
        }

        if (updateBar.Execute(b.SeriesId, ts, b.Open, b.High, b.Low, b.Close, b.Volume, b.VolumetricJson) == 0)
        {
            plan.Outcome.Duplicates++;
            return false;
        }

        return true;
    }

    private bool ApplyLink(HotOp op, OcoLinkAdded l)
    {
        // A link without its own impact takes its order's; if the order comes later, it fills the link in then.
        var impact = l.PositionImpact ?? op.Run.Orders.GetValueOrDefault(l.OrderId)?.Impact ?? PositionImpact.Unknown;
        connection.Execute(Statements.UpsertOcoLink, new { l.RunId, l.OcoGroupId, l.OrderId, l.Role, PositionImpact = ImpactName(impact) });
        return true;
    }

    /// <summary>Whether the very same event (same payload) is already in the raw log or earlier in this batch.</summary>
    private bool AlreadyLogged(BatchPlan plan, RecorderEvent e, string payload) =>
        plan.Logged.Contains((e.RunId, e.EventType, payload)) || connection.ExecuteScalar<long>(
            """
            SELECT EXISTS(SELECT 1 FROM ingest_events
                          WHERE run_id = @RunId AND event_utc = @At AND event_type = @EventType AND payload_json = @payload)
            """, new { e.RunId, At = Timestamps.Format(e.EventUtc), e.EventType, payload }) != 0;

    private long SequenceBase(string? runId)
    {
        runId ??= string.Empty;
        if (!sequenceBases.TryGetValue(runId, out var offset))
        {
            offset = connection.ExecuteScalar<long?>(
                "SELECT MAX(sequence) FROM ingest_events WHERE run_id = @runId", new { runId }) ?? 0;
            sequenceBases[runId] = offset;
        }

        return offset;
    }

    private RunState? TryGetRun(string runId)
    {
        if (runs.TryGetValue(runId, out var state))
        {
            return state;
        }

        var row = connection.QueryFirstOrDefault<(string InstanceId, string RunType, string Status, string? StrategyId)>(
            """
            SELECT r.instance_id, r.run_type, r.status, i.strategy_id
            FROM strategy_runs r LEFT JOIN strategy_instances i ON i.instance_id = r.instance_id
            WHERE r.run_id = @runId
            """, new { runId });
        if (row.InstanceId is null)
        {
            return null;
        }

        state = new RunState(runId, row.InstanceId, row.StrategyId, row.RunType, ParseStatus(row.Status));
        if (state.Status == RunStatus.Running)
        {
            // A run continued from an earlier session (closed cleanly mid-run): this process records it now, so a
            // crash from here on must leave it ABANDONED. If another live process holds it, it keeps it.
            runLocks?.Acquire(runId);
        }

        foreach (var (symbol, account, net) in connection.Query<(string, string?, double)>(
            """
            SELECT symbol, account_id, SUM(CASE side WHEN 'BUY' THEN quantity ELSE -quantity END)
            FROM executions WHERE run_id = @runId AND symbol IS NOT NULL GROUP BY symbol, account_id
            """, new { runId }))
        {
            state.Positions.Set(symbol, account, net);
        }

        foreach (var groupId in connection.Query<string>(
            "SELECT oco_group_id FROM order_oco_groups WHERE run_id = @runId", new { runId }))
        {
            state.OcoGroups.Add(groupId);
        }

        state.HasLinks = connection.ExecuteScalar<long>(
            "SELECT EXISTS(SELECT 1 FROM order_oco_links WHERE run_id = @runId)", new { runId }) != 0;
        runs[runId] = state;
        return state;
    }

    private OrderState? LoadOrderState(RunState run, string orderId)
    {
        var row = connection.QueryFirstOrDefault<(string? UpdateUtc, long? Sequence, string Impact)>(
            "SELECT update_utc, last_sequence, position_impact FROM orders WHERE run_id = @RunId AND order_id = @orderId",
            new { run.RunId, orderId });
        if (row.Impact is null)
        {
            return null;
        }

        // The payload of the snapshot the row holds, to tell a repeat of it from a new state.
        var payload = connection.ExecuteScalar<string?>(
            """
            SELECT payload_json FROM ingest_events
            WHERE run_id = @RunId AND event_type = 'ORDER' AND sequence = @Sequence
            """, new { run.RunId, row.Sequence }) ?? string.Empty;
        var state = new OrderState(row.UpdateUtc is null ? DateTime.MinValue : Timestamps.Parse(row.UpdateUtc),
            row.Sequence ?? -1, payload, Enum.Parse<PositionImpact>(row.Impact, ignoreCase: true));
        run.Orders[orderId] = state;
        return state;
    }

    private bool StrategyExists(string strategyId) =>
        knownStrategies.Contains(strategyId) || (connection.ExecuteScalar<long>(
            "SELECT EXISTS(SELECT 1 FROM strategies WHERE strategy_id = @strategyId)", new { strategyId }) != 0
            && knownStrategies.Add(strategyId));

    private bool InstanceExists(string instanceId) =>
        knownInstances.Contains(instanceId) || (connection.ExecuteScalar<long>(
            "SELECT EXISTS(SELECT 1 FROM strategy_instances WHERE instance_id = @instanceId)", new { instanceId }) != 0
            && knownInstances.Add(instanceId));

    private string? SeriesOwner(string seriesId)
    {
        if (seriesRuns.TryGetValue(seriesId, out var owner))
        {
            return owner;
        }

        owner = connection.ExecuteScalar<string?>("SELECT run_id FROM run_series WHERE series_id = @seriesId", new { seriesId });
        if (owner is not null)
        {
            seriesRuns[seriesId] = owner;
        }

        return owner;
    }

    private string? OcoGroupOwner(string groupId) =>
        connection.ExecuteScalar<string?>("SELECT run_id FROM order_oco_groups WHERE oco_group_id = @groupId", new { groupId });

    private void ExecuteMany(string sql, List<object> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        connection.Execute(sql, rows);
    }

    private object QuarantineRow(Envelope envelope, string reason) => new
    {
        RunId = envelope.Event?.RunId is { } id ? TextRules.Text(id, TextRules.MaxIdLength) : null,
        EventType = envelope.Event?.EventType ?? "UNKNOWN",
        envelope.Sequence,
        Reason = TextRules.Clean(reason),
        PayloadJson = PayloadJson.SerializeRaw(envelope.Event),
        ReceivedUtc = Timestamps.Format(new DateTime(envelope.ReceivedTicks, DateTimeKind.Utc)),
        QuarantinedUtc = Timestamps.Format(time.GetUtcNow()),
    };

    private void InTransaction(Action action)
    {
        DatabaseFile.Execute(connection, "BEGIN IMMEDIATE;");
        try
        {
            action();
            DatabaseFile.Execute(connection, "COMMIT;");
        }
        catch
        {
            Rollback();
            throw;
        }
    }

    private void Rollback()
    {
        try
        {
            DatabaseFile.Execute(connection, "ROLLBACK;");
        }
        catch (SqliteException)
        {
            // SQLite already rolled back (or BEGIN never succeeded): nothing to undo.
        }
    }

    internal static string SourceName(RunSource source) => source switch
    {
        RunSource.Live => "LIVE",
        RunSource.Paper => "PAPER",
        RunSource.Replay => "REPLAY",
        RunSource.Backtest => "BACKTEST",
        _ => "UNKNOWN",
    };

    internal static string SideName(TradeSide side) => side == TradeSide.Buy ? "BUY" : "SELL";

    internal static string ImpactName(PositionImpact impact) => impact.ToString().ToUpperInvariant();

    internal static string StatusName(RunStatus status) => status.ToString().ToUpperInvariant();

    private static RunStatus ParseStatus(string status) =>
        Enum.TryParse<RunStatus>(status, ignoreCase: true, out var parsed) ? parsed
        : string.Equals(status, "CANCELLED", StringComparison.OrdinalIgnoreCase) ? RunStatus.Canceled
        : RunStatus.Completed;

    public void Dispose()
    {
        upsertOrder.Dispose();
        inheritLinkImpact.Dispose();
        insertExecution.Dispose();
        selectExecution.Dispose();
        appendBar.Dispose();
        insertBar.Dispose();
        updateBar.Dispose();
        insertIngest.Dispose();
    }
}
