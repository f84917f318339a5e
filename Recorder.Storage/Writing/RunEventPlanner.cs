using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// Plans an event of a started run: checks that what it refers to exists and belongs to the run, recognises a
/// repeat of a rare event from the raw log, and queues the cold-table row or the hot-table operation.
/// </summary>
internal sealed class RunEventPlanner(WriterState state, Repeats repeats)
{
    public void Plan(Envelope envelope, BatchPlan plan)
    {
        var e = envelope.Event;
        var run = state.TryGetRun(e.RunId) ?? throw new Rejection($"unknown run id {e.RunId} (record RUN_STARTED first)");
        // A bar's payload is compared with nothing: it is written once, straight into the raw log's row.
        var payload = e is BarRecorded ? null : PayloadJson.Serialize(e);
        var byPayload = payload is not null && Repeats.ByPayload(e);
        if (byPayload && repeats.Seen(e, payload!))
        {
            plan.Outcome.Duplicates++;
            return;
        }

        PlanRows(envelope, e, payload, run, plan);
        if (byPayload)
        {
            // Planned without a refusal: a repeat further on in this batch is one.
            repeats.Remember(e, payload!);
        }
    }

    private void PlanRows(Envelope envelope, RecorderEvent e, string? payload, RunState run, BatchPlan plan)
    {
        switch (e)
        {
            case RunProgress p:
                plan.Add(new ProgressRow(p.RunId, p.ProcessedCount, p.TotalCount, Timestamps.Format(p.EventUtc)));
                plan.Log(envelope, payload, run);
                break;

            case RunEnded end:
                PlanEnd(envelope, end, payload, run, plan);
                break;

            case OcoGroupDefined g:
                if (state.OcoGroupOwner(g.OcoGroupId) is { } owner && owner != run.RunId)
                {
                    throw new Rejection($"OCO group {g.OcoGroupId} belongs to run {owner}");
                }

                run.OcoGroups.Add(g.OcoGroupId);
                plan.Add(new OcoGroupRow(g.OcoGroupId, g.RunId, Timestamps.Format(g.EventUtc), g.Label, g.ExtraJson));
                plan.Log(envelope, payload, run);
                break;

            case OcoLinkAdded l:
                if (!run.OcoGroups.Contains(l.OcoGroupId) && state.OcoGroupOwner(l.OcoGroupId) != run.RunId)
                {
                    throw new Rejection($"unknown OCO group {l.OcoGroupId} (record OCO_GROUP first)");
                }

                run.OcoGroups.Add(l.OcoGroupId);
                run.HasLinks = true;
                plan.AddHot(envelope, payload, run);
                break;

            case SeriesDefined s:
                if (state.SeriesOwner(s.SeriesId) is { } seriesOwner && seriesOwner != run.RunId)
                {
                    throw new Rejection($"series {s.SeriesId} belongs to run {seriesOwner}");
                }

                state.SetSeriesOwner(s.SeriesId, run.RunId);
                plan.Add(new SeriesRow(s.SeriesId, s.RunId, s.Symbol, s.Timeframe, s.SourceName, s.HasVolumetric ? 1 : 0,
                    Timestamps.Format(s.EventUtc)));
                plan.Log(envelope, payload, run);
                break;

            case InstrumentDefined d:
                plan.Add(new InstrumentRow(d.RunId, d.Symbol, d.TickSize, d.TickValue, d.PointValue, d.LotSize, d.Currency,
                    d.AccountCurrency, d.SymbolType, d.Exchange,
                    d.ExpirationUtc is { } expiry ? Timestamps.Format(expiry) : null, d.VariableTicksJson,
                    Timestamps.Format(d.EventUtc), d.ExtraJson));
                plan.Log(envelope, payload, run);
                break;

            case DecisionMarked m:
                plan.Add(new DecisionRow(m.RunId, m.DecisionId, Timestamps.Format(m.EventUtc), m.Signal, m.Symbol,
                    StoredText.SideCode(m.Side), m.Quantity, m.Price, m.OrderId));
                plan.Log(envelope, payload, run);
                break;

            case BarRecorded b:
                if (state.SeriesOwner(b.SeriesId) != run.RunId)
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

    private static void PlanEnd(Envelope envelope, RunEnded end, string? payload, RunState run, BatchPlan plan)
    {
        // An ABANDONED run was only presumed dead: its real end, arriving later, is taken. Presuming it dead twice
        // (two writers opening the file at once) changes nothing.
        if (run.Status == RunStatus.Abandoned && end.Status == RunStatus.Abandoned)
        {
            plan.Outcome.Duplicates++;
            return;
        }

        if (run.Status is not (RunStatus.Running or RunStatus.Abandoned))
        {
            throw new Rejection($"run {run.RunId} already ended ({StoredText.Status(run.Status)})");
        }

        run.Status = end.Status;
        plan.EndedRuns.Add(run.RunId);
        plan.Add(new EndRow(end.RunId, StoredText.Status(end.Status), Timestamps.Format(end.EventUtc), end.ErrorMessage));
        plan.Log(envelope, payload, run);
    }
}
