using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing.Bars;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// A started run's rare events — progress, end, OCO groups and links, series, instruments, decisions: checks that what
/// each refers to exists and belongs to the run, recognises a repeat by its payload (<see cref="Repeats"/>), then
/// writes its row (Rows) and its raw-log entry.
/// </summary>
internal sealed class RunEventApplier(SqliteConnection connection, WriterState state, Repeats repeats, IngestLog ingest, BarStore bars)
{
    public ApplyResult Apply(Envelope envelope, RunState run, Batch batch)
    {
        var e = envelope.Event;
        var payload = PayloadJson.Serialize(e);
        if (repeats.Seen(e, payload))
        {
            return ApplyResult.Repeat;
        }

        if (e is RunEnded { Status: RunStatus.Abandoned } && run.Status == RunStatus.Abandoned)
        {
            // An ABANDONED run was only presumed dead: its real end, arriving later, is taken. Presuming it dead twice
            // (two writers opening the file at once) changes nothing.
            return ApplyResult.Repeat;
        }

        Write(e, run, batch);
        ingest.Append(envelope, payload, run);
        return ApplyResult.Applied;
    }

    private void Write(RecorderEvent e, RunState run, Batch batch)
    {
        switch (e)
        {
            case RunProgress p:
                connection.Run(Statements.UpdateProgress, new
                {
                    p.RunId, Processed = p.ProcessedCount, Total = p.TotalCount, At = Timestamps.Format(p.EventUtc),
                });
                break;

            case RunEnded end:
                if (run.Status is not (RunStatus.Running or RunStatus.Abandoned))
                {
                    throw new Rejection($"run {run.RunId} already ended ({StoredText.Status(run.Status)})");
                }

                run.Status = end.Status;
                batch.EndedRuns.Add(run.RunId);
                connection.Run(Statements.EndRun, new
                {
                    end.RunId, Status = StoredText.Status(end.Status), EndUtc = Timestamps.Format(end.EventUtc),
                    end.ErrorMessage,
                });
                break;

            case OcoGroupDefined g:
                if (state.OcoGroupOwner(g.OcoGroupId) is { } owner && owner != run.RunId)
                {
                    throw new Rejection($"OCO group {g.OcoGroupId} belongs to run {owner}");
                }

                run.OcoGroups.Add(g.OcoGroupId);
                connection.Run(Statements.InsertOcoGroup, new
                {
                    g.OcoGroupId, g.RunId, CreatedUtc = Timestamps.Format(g.EventUtc), g.Label, g.ExtraJson,
                });
                break;

            case OcoLinkAdded l:
                if (!run.OcoGroups.Contains(l.OcoGroupId) && state.OcoGroupOwner(l.OcoGroupId) != run.RunId)
                {
                    throw new Rejection($"unknown OCO group {l.OcoGroupId} (record OCO_GROUP first)");
                }

                run.OcoGroups.Add(l.OcoGroupId);
                run.HasLinks = true;
                // A link without its own impact takes its order's; if the order comes later, it fills the link in then.
                var impact = l.PositionImpact ?? run.Orders.GetValueOrDefault(l.OrderId)?.Impact ?? PositionImpact.Unknown;
                connection.Run(Statements.UpsertOcoLink, new
                {
                    l.RunId, l.OcoGroupId, l.OrderId, l.Role, PositionImpact = StoredText.Impact(impact),
                });
                break;

            case SeriesDefined s:
                if (state.SeriesOwner(s.SeriesId) is { } seriesOwner && seriesOwner != run.RunId)
                {
                    throw new Rejection($"series {s.SeriesId} belongs to run {seriesOwner}");
                }

                state.SetSeriesOwner(s.SeriesId, run.RunId);
                connection.Run(Statements.InsertSeries, new
                {
                    s.SeriesId, s.RunId, s.Symbol, s.Timeframe, Source = s.SourceName,
                    HasVolumetric = s.HasVolumetric ? 1 : 0, CreatedUtc = Timestamps.Format(s.EventUtc),
                    MarketId = bars.MarketOf(s.Symbol, s.Timeframe, s.SourceName, s.HasVolumetric),
                });
                break;

            case InstrumentDefined d:
                connection.Run(Statements.UpsertInstrument, new
                {
                    d.RunId, d.Symbol, d.TickSize, d.TickValue, d.PointValue, d.LotSize, d.Currency, d.AccountCurrency,
                    d.SymbolType, d.Exchange,
                    ExpirationUtc = d.ExpirationUtc is { } expiry ? Timestamps.Format(expiry) : null,
                    d.VariableTicksJson, CapturedUtc = Timestamps.Format(d.EventUtc), d.ExtraJson,
                });
                break;

            case DecisionMarked m:
                connection.Run(Statements.UpsertDecision, new
                {
                    m.RunId, m.DecisionId, DecidedUtc = Timestamps.Format(m.EventUtc), m.Signal, m.Symbol,
                    Side = StoredText.SideCode(m.Side), m.Quantity, m.Price, m.OrderId,
                });
                break;

            default:
                throw new Rejection($"unknown event kind {e.GetType().Name}");
        }
    }
}
