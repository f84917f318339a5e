using QuantowerRecorder.Analytics.Inputs;

namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// A run's stop-loss and take-profit orders indexed by parent, OCO group and id, so finding a trade's bracket costs
/// the trade's own orders, not a scan of every protective order of the run.
/// </summary>
internal sealed class ProtectiveOrders
{
    private readonly Dictionary<string, List<OrderInfo>> byParent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<OrderInfo>> byGroup = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OrderInfo> byId = new(StringComparer.Ordinal);
    private readonly Dictionary<OrderInfo, int> rank = new(ReferenceEqualityComparer.Instance);

    public ProtectiveOrders(IReadOnlyList<OrderInfo> orders)
    {
        // Earliest submitted first (then order id): of several of one role, the first is the bracket's.
        var protective = orders.Where(o => o.OcoRole is OcoRole.StopLoss or OcoRole.TakeProfit)
            .OrderBy(o => o.SubmitTimeUtc).ThenBy(o => o.OrderId, StringComparer.Ordinal).ToList();
        for (var i = 0; i < protective.Count; i++)
        {
            var order = protective[i];
            rank[order] = i;
            byId.TryAdd(order.OrderId, order);
            Index(byParent, order.ParentOrderId, order);
            Index(byGroup, order.OcoGroupId, order);
        }
    }

    /// <summary>
    /// The trade's bracket orders of its symbol, earliest first: their parent is one of the trade's entry orders, or
    /// they share an OCO group with an entry or exit order of the trade, or they are themselves an exit order of it.
    /// </summary>
    public List<OrderInfo> Of(RoundTrip trade, IReadOnlyDictionary<string, OrderInfo> orders)
    {
        // A trade has a few: each is looked for among those found by reference, and they are put in order by insertion.
        var found = new List<OrderInfo>();
        foreach (var entry in trade.EntryOrderIds)
        {
            AddAll(found, byParent.GetValueOrDefault(entry), trade.Symbol);
        }

        foreach (var id in trade.EntryOrderIds)
        {
            AddGroup(found, orders.GetValueOrDefault(id), trade.Symbol);
        }

        foreach (var id in trade.ExitOrderIds)
        {
            AddGroup(found, orders.GetValueOrDefault(id), trade.Symbol);
        }

        foreach (var exit in trade.ExitOrderIds)
        {
            if (byId.TryGetValue(exit, out var order))
            {
                Add(found, order, trade.Symbol);
            }
        }

        return found;
    }

    private static void Index(Dictionary<string, List<OrderInfo>> index, string? key, OrderInfo order)
    {
        if (key is not null)
        {
            (index.TryGetValue(key, out var list) ? list : index[key] = []).Add(order);
        }
    }

    private void AddGroup(List<OrderInfo> found, OrderInfo? order, string symbol)
    {
        if (order?.OcoGroupId is { } group)
        {
            AddAll(found, byGroup.GetValueOrDefault(group), symbol);
        }
    }

    private void AddAll(List<OrderInfo> found, List<OrderInfo>? orders, string symbol)
    {
        if (orders is null)
        {
            return;
        }

        foreach (var order in orders)
        {
            Add(found, order, symbol);
        }
    }

    // Of the trade's symbol, once (the same order found two ways), at its place by rank.
    private void Add(List<OrderInfo> found, OrderInfo order, string symbol)
    {
        if (!string.Equals(order.Symbol, symbol, StringComparison.Ordinal))
        {
            return;
        }

        var at = found.Count;
        var its = rank[order];
        for (var i = found.Count - 1; i >= 0; i--)
        {
            if (ReferenceEquals(found[i], order))
            {
                return;
            }

            if (rank[found[i]] > its)
            {
                at = i;
            }
        }

        found.Insert(at, order);
    }
}
