using QuantowerRecorder.Analytics.Inputs;

namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// A run's stop-loss and take-profit orders indexed by parent, OCO group and id, so finding a trade's bracket costs
/// the trade's own orders, not a scan of every protective order of the run.
/// </summary>
internal sealed class ProtectiveOrders
{
    private readonly ILookup<string, OrderInfo> byParent;
    private readonly ILookup<string, OrderInfo> byGroup;
    private readonly Dictionary<string, OrderInfo> byId = new(StringComparer.Ordinal);
    private readonly Dictionary<OrderInfo, int> rank = new(ReferenceEqualityComparer.Instance);

    public ProtectiveOrders(IReadOnlyList<OrderInfo> orders)
    {
        // Earliest submitted first (then order id): of several of one role, the first is the bracket's.
        var protective = orders.Where(o => o.OcoRole is OcoRole.StopLoss or OcoRole.TakeProfit)
            .OrderBy(o => o.SubmitTimeUtc).ThenBy(o => o.OrderId, StringComparer.Ordinal).ToList();
        for (var i = 0; i < protective.Count; i++)
        {
            rank[protective[i]] = i;
            byId.TryAdd(protective[i].OrderId, protective[i]);
        }

        byParent = protective.Where(o => o.ParentOrderId is not null).ToLookup(o => o.ParentOrderId!, StringComparer.Ordinal);
        byGroup = protective.Where(o => o.OcoGroupId is not null).ToLookup(o => o.OcoGroupId!, StringComparer.Ordinal);
    }

    /// <summary>
    /// The trade's bracket orders of its symbol, earliest first: their parent is one of the trade's entry orders, or
    /// they share an OCO group with an entry or exit order of the trade, or they are themselves an exit order of it.
    /// </summary>
    public List<OrderInfo> Of(RoundTrip trade, IReadOnlyDictionary<string, OrderInfo> orders)
    {
        var found = new HashSet<OrderInfo>(ReferenceEqualityComparer.Instance);
        foreach (var entry in trade.EntryOrderIds)
        {
            found.UnionWith(byParent[entry]);
        }

        foreach (var id in trade.EntryOrderIds.Concat(trade.ExitOrderIds))
        {
            if (orders.GetValueOrDefault(id)?.OcoGroupId is { } group)
            {
                found.UnionWith(byGroup[group]);
            }
        }

        foreach (var exit in trade.ExitOrderIds)
        {
            if (byId.TryGetValue(exit, out var order))
            {
                found.Add(order);
            }
        }

        return found.Where(o => string.Equals(o.Symbol, trade.Symbol, StringComparison.Ordinal)).OrderBy(o => rank[o]).ToList();
    }
}
