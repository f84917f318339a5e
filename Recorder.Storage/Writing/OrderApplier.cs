using System.Text;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The orders table: the newest snapshot of each order wins (by event time, then sequence); the row and its raw-log
/// entry are written together. Owns its prepared commands, reused for every row (docs/decisions.md, 20).
/// </summary>
internal sealed partial class OrderApplier(SqliteConnection connection, WriterState state, Repeats repeats, IngestLog ingest)
    : IDisposable
{
    private readonly HeldRows<Inserted, Row> rows = new(connection, Statements.InsertOrder, Bind);

    private readonly NamedStatement<Column> upsert = new(connection, Statements.UpsertOrder);

    private readonly NamedStatement<Later> update = new(connection, Statements.UpdateOrder);

    private readonly NamedStatement<Link> inheritLinkImpact = new(connection, Statements.InheritLinkImpact);

    public ApplyResult Apply(Envelope envelope, OrderSnapshot o, RunState run)
    {
        // An order's states are told apart by their payload, compared as the raw log stores it (UTF-8).
        var known = run.Orders.GetValueOrDefault(o.OrderId) ?? (run.StartedHere ? null : LoadStored(run, o.OrderId));
        var payload = ingest.Serialize(o);
        if (known is not null && payload.SequenceEqual(known.Payload))
        {
            return ApplyResult.Repeat;
        }

        var seq = envelope.Sequence;

        // A state stamped at the very instant of the stored one is not told newer by its time: one this order already had
        // at that instant is a copy come late (an import with stale copies interleaved), so what is stored does not
        // depend on where the copy arrived. The writer that stored the run's states knows them; another asks the raw log.
        var sameInstant = known is not null && o.EventUtc == known.UpdateUtc;
        if (sameInstant && (run.StartedHere ? SameAsOneOf(payload, known!.SameInstant) : repeats.Seen(o, Encoding.UTF8.GetString(payload))))
        {
            return ApplyResult.Repeat;
        }

        if (known is not null && (o.EventUtc, seq).CompareTo((known.UpdateUtc, known.Sequence)) < 0)
        {
            // Older than the stored snapshot: the order row is left as it is, and the raw log keeps it once (a file
            // imported again brings every earlier state of its orders back: those are repeats, not new events).
            var text = Encoding.UTF8.GetString(payload);
            if (repeats.Seen(o, text))
            {
                return ApplyResult.Repeat;
            }

            ingest.Append(envelope, text, run);
            return ApplyResult.Stale;
        }

        var impact = o.PositionImpact ?? known?.Impact ?? run.Positions.Infer(o.Symbol, o.AccountId, o.Side, o.Quantity);
        var submitted = o.SubmitUtc ?? o.EventUtc;
        var sameSymbolAndLater = known is not null && known.Symbol == o.Symbol && submitted >= known.SubmitUtc;
        if (known is null)
        {
            // Not in the file: the writer never wrote it, and a run it did not start has no row for it.
            Hold(o, run, impact, submitted, seq);
        }
        else if (!UpdateHeld(o, run, impact, seq, sameSymbolAndLater))
        {
            if (sameSymbolAndLater)
            {
                update.Text(Later.RunId, o.RunId).Text(Later.StrategyId, o.StrategyId ?? run.StrategyId)
                    .Text(Later.OrderId, o.OrderId).Text(Later.ParentOrderId, o.ParentOrderId)
                    .Text(Later.AccountId, o.AccountId).Text(Later.Side, StoredText.SideCode(o.Side))
                    .Text(Later.OrderType, o.OrderType).Text(Later.Tif, o.TimeInForce).Real(Later.Quantity, o.Quantity)
                    .Real(Later.Price, o.Price).Real(Later.StopPrice, o.StopPrice).Text(Later.Status, o.Status)
                    .Time(Later.UpdateUtc, o.EventUtc).Text(Later.ClientTag, o.ClientTag).Text(Later.PositionImpact, StoredText.Impact(impact))
                    .Text(Later.ExtraJson, o.ExtraJson).Integer(Later.LastSequence, seq)
                    .Real(Later.FilledQuantity, o.FilledQuantity).Real(Later.AvgFillPrice, o.AverageFillPrice)
                    .Integer(Later.ImpactGiven, o.PositionImpact is null ? 0 : 1).Run();
            }
            else
            {
                upsert.Text(Column.RunId, o.RunId).Text(Column.StrategyId, o.StrategyId ?? run.StrategyId)
                    .Text(Column.OrderId, o.OrderId).Text(Column.ParentOrderId, o.ParentOrderId).Text(Column.Symbol, o.Symbol)
                    .Text(Column.AccountId, o.AccountId).Text(Column.Side, StoredText.SideCode(o.Side))
                    .Text(Column.OrderType, o.OrderType).Text(Column.Tif, o.TimeInForce).Real(Column.Quantity, o.Quantity)
                    .Real(Column.Price, o.Price).Real(Column.StopPrice, o.StopPrice).Text(Column.Status, o.Status)
                    .Time(Column.SubmitUtc, submitted).Time(Column.UpdateUtc, o.EventUtc)
                    .Text(Column.ClientTag, o.ClientTag).Text(Column.PositionImpact, StoredText.Impact(impact))
                    .Text(Column.ExtraJson, o.ExtraJson).Integer(Column.LastSequence, seq)
                    .Real(Column.FilledQuantity, o.FilledQuantity).Real(Column.AvgFillPrice, o.AverageFillPrice)
                    .Integer(Column.ImpactGiven, o.PositionImpact is null ? 0 : 1).Run();
            }
        }

        if (known is null && run.HasLinks)
        {
            inheritLinkImpact.Text(Link.Impact, StoredText.Impact(impact)).Text(Link.Run, o.RunId).Text(Link.Order, o.OrderId).Run();
        }

        // Kept as bytes of their own: the span is the raw log's buffer, reused by the next event.
        var kept = payload.ToArray();
        run.Orders[o.OrderId] = new OrderState(o.EventUtc, seq, kept, impact, o.Symbol,
            known is null || submitted < known.SubmitUtc ? submitted : known.SubmitUtc)
        {
            SameInstant = sameInstant ? [.. known!.SameInstant ?? [], known.Payload] : null,
        };
        ingest.Append(envelope, kept, run);
        return ApplyResult.Applied;
    }

    // A stored order's state, read once the orders held are in the file.
    private OrderState? LoadStored(RunState run, string orderId)
    {
        Flush();
        return state.LoadOrderState(run, orderId, ingest);
    }

    private static bool SameAsOneOf(ReadOnlySpan<byte> payload, IReadOnlyList<byte[]>? payloads)
    {
        foreach (var other in payloads ?? [])
        {
            if (payload.SequenceEqual(other))
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose()
    {
        rows.Dispose();
        upsert.Dispose();
        update.Dispose();
        inheritLinkImpact.Dispose();
    }

    /// <summary>The parameters of <see cref="Statements.UpsertOrder"/>, checked against it at prepare time.</summary>
    private enum Column
    {
        RunId, StrategyId, OrderId, ParentOrderId, Symbol, AccountId, Side, OrderType, Tif, Quantity, Price, StopPrice,
        Status, SubmitUtc, UpdateUtc, ClientTag, PositionImpact, ExtraJson, LastSequence, FilledQuantity, AvgFillPrice,
        ImpactGiven,
    }

    /// <summary>The parameters of <see cref="Statements.UpdateOrder"/>: the upsert's but the symbol and submission time.</summary>
    private enum Later
    {
        RunId, StrategyId, OrderId, ParentOrderId, AccountId, Side, OrderType, Tif, Quantity, Price, StopPrice,
        Status, UpdateUtc, ClientTag, PositionImpact, ExtraJson, LastSequence, FilledQuantity, AvgFillPrice, ImpactGiven,
    }

    /// <summary>The parameters of <see cref="Statements.InheritLinkImpact"/>.</summary>
    private enum Link
    {
        Impact, Run, Order,
    }
}
