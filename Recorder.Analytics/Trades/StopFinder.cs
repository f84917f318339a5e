using QuantowerRecorder.Analytics.Inputs;

namespace QuantowerRecorder.Analytics.Trades;

/// <summary>
/// Finds the stop-loss active when a trade was entered. First choice: an SL-role order linked to the trade's first
/// entry order (its child by parent id, or in the same OCO group), the earliest submitted. Otherwise the latest
/// SL-role order of the same symbol and account on the closing side that was submitted by the entry time plus a
/// grace period (brackets appear once the entry has filled) and had not finished before the entry.
/// </summary>
internal sealed class StopFinder
{
    private const int LookBack = 16;
    private readonly IReadOnlyDictionary<string, OrderInfo> orders;
    private readonly ILookup<string, OrderInfo> byParent;
    private readonly ILookup<string, OrderInfo> byGroup;
    private readonly Dictionary<(string Symbol, string Account), List<OrderInfo>> byBook;
    private readonly Dictionary<(string Symbol, string Account), long[]> submitted;
    private readonly long graceTicks;

    public StopFinder(IReadOnlyDictionary<string, OrderInfo> orders, TimeSpan grace)
    {
        this.orders = orders;
        this.graceTicks = grace.Ticks;
        var stops = orders.Values.Where(o => o.OcoRole == OcoRole.StopLoss && StopOf(o) is not null).ToList();
        this.byParent = stops.Where(o => o.ParentOrderId is not null).ToLookup(o => o.ParentOrderId!, StringComparer.Ordinal);
        this.byGroup = stops.Where(o => o.OcoGroupId is not null).ToLookup(o => o.OcoGroupId!, StringComparer.Ordinal);
        this.byBook = stops.GroupBy(o => (o.Symbol, o.Account)).ToDictionary(
            g => g.Key,
            g => g.OrderBy(o => o.SubmitTimeUtc).ThenBy(o => o.OrderId, StringComparer.Ordinal).ToList());
        this.submitted = this.byBook.ToDictionary(b => b.Key, b => b.Value.Select(o => o.SubmitTimeUtc.Ticks).ToArray());
    }

    /// <summary>The initial stop price, or null when none is found.</summary>
    public double? Find(Lot lot)
    {
        var closingSide = lot.Direction > 0 ? Side.Sell : Side.Buy;
        var linked = Linked(lot.EntryOrderIds.First, closingSide);
        if (linked is not null)
        {
            return StopOf(linked);
        }

        if (!this.byBook.TryGetValue((lot.Symbol, lot.Account), out var candidates))
        {
            return null;
        }

        var last = BarTrack.LastAtOrBefore(this.submitted[(lot.Symbol, lot.Account)], lot.FirstEntryTicks + this.graceTicks);
        for (var i = last; i >= 0 && i > last - LookBack; i--)
        {
            var order = candidates[i];
            if (order.Side == closingSide && !FinishedBefore(order, lot.FirstEntryTicks))
            {
                return StopOf(order);
            }
        }

        return null;
    }

    private OrderInfo? Linked(string entryOrderId, Side closingSide)
    {
        var best = Earliest(null, this.byParent[entryOrderId], closingSide);
        if (this.orders.TryGetValue(entryOrderId, out var entry) && entry.OcoGroupId is { } group)
        {
            best = Earliest(best, this.byGroup[group], closingSide);
        }

        return best;
    }

    private static OrderInfo? Earliest(OrderInfo? best, IEnumerable<OrderInfo> orders, Side side)
    {
        foreach (var order in orders)
        {
            if (order.Side == side && (best is null || order.SubmitTimeUtc < best.SubmitTimeUtc))
            {
                best = order;
            }
        }

        return best;
    }

    private static bool FinishedBefore(OrderInfo order, long ticks) =>
        order.Status is OrderStatus.Filled or OrderStatus.Cancelled or OrderStatus.Rejected
        && order.LastUpdateUtc is { } updated && updated.Ticks < ticks;

    private static double? StopOf(OrderInfo order) => order.InitialStopPrice ?? order.StopPrice;
}
