using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The orders table: the newest snapshot of each order wins (by event time, then sequence). Owns its prepared
/// commands, reused for every row (STYLE.md §4).
/// </summary>
internal sealed class OrderApplier(SqliteConnection connection, WriterState state) : IDisposable
{
    private readonly RawStatement upsert = new(connection, Statements.UpsertOrder, "$run", "$strategy", "$order",
        "$parent", "$symbol", "$account", "$side", "$type", "$tif", "$qty", "$price", "$stop", "$status", "$submit",
        "$update", "$tag", "$impact", "$extra", "$seq", "$filled", "$avg", "$impactGiven");

    private readonly PreparedCommand inheritLinkImpact = new(connection, Statements.InheritLinkImpact, "$impact", "$run", "$order");

    public ApplyResult Apply(HotOp op, OrderSnapshot o, BatchPlan plan)
    {
        // Planned with its payload: an order's states are told apart by it.
        var payload = op.Payload ?? throw new InvalidOperationException("an order is planned with its payload");
        var run = op.Run;
        var seq = op.Envelope.Sequence;
        var known = run.Orders.GetValueOrDefault(o.OrderId) ?? (run.StartedHere ? null : state.LoadOrderState(run, o.OrderId));
        if (known is not null && known.Payload == payload)
        {
            return ApplyResult.Repeat;
        }

        if (known is not null && (o.EventUtc, seq).CompareTo((known.UpdateUtc, known.Sequence)) < 0)
        {
            // Older than the stored snapshot: the order row is left as it is, and the raw log keeps it once (a file
            // imported again brings every earlier state of its orders back: those are repeats, not new events).
            if (state.AlreadyLogged(plan, o, payload))
            {
                return ApplyResult.Repeat;
            }

            plan.Logged.Add((o.RunId, o.EventType, payload));
            return ApplyResult.Stale;
        }

        var impact = o.PositionImpact ?? known?.Impact ?? run.Positions.Infer(o.Symbol, o.AccountId, o.Side, o.Quantity);
        upsert.Text(0, o.RunId).Text(1, o.StrategyId ?? run.StrategyId).Text(2, o.OrderId).Text(3, o.ParentOrderId)
            .Text(4, o.Symbol).Text(5, o.AccountId).Text(6, StoredText.SideCode(o.Side)).Text(7, o.OrderType)
            .Text(8, o.TimeInForce).Real(9, o.Quantity).Real(10, o.Price).Real(11, o.StopPrice).Text(12, o.Status)
            .Time(13, o.SubmitUtc ?? o.EventUtc).Time(14, o.EventUtc).Text(15, o.ClientTag)
            .Text(16, StoredText.Impact(impact)).Text(17, o.ExtraJson).Integer(18, seq).Real(19, o.FilledQuantity)
            .Real(20, o.AverageFillPrice).Integer(21, o.PositionImpact is null ? 0 : 1).Run();
        if (known is null && run.HasLinks)
        {
            inheritLinkImpact.Execute(StoredText.Impact(impact), o.RunId, o.OrderId);
        }

        run.Orders[o.OrderId] = new OrderState(o.EventUtc, seq, payload, impact);
        return ApplyResult.Applied;
    }

    public void Dispose()
    {
        upsert.Dispose();
        inheritLinkImpact.Dispose();
    }
}
