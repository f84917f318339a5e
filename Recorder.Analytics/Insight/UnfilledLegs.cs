namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// The orders whose unfilled quantity is not a missed opportunity (docs/metrics.md, "Implementation shortfall"): a leg
/// of an OCO group another leg of which filled, and a protective leg whose position another order closed.
/// </summary>
internal sealed class UnfilledLegs
{
    // Per OCO group, the orders other than its ENTRY that have a fill.
    private readonly Dictionary<string, List<string>> filledByGroup = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> entryByGroup = new(StringComparer.Ordinal);
    private readonly HashSet<string> closedEntries;

    public UnfilledLegs(IReadOnlyList<OrderInfo> orders, ILookup<string, Fill> fills, IReadOnlyList<RoundTrip> trades)
    {
        foreach (var order in orders)
        {
            if (order.OcoGroupId is not { } group)
            {
                continue;
            }

            if (order.OcoRole == OcoRole.Entry)
            {
                entryByGroup.TryAdd(group, order.OrderId);
            }
            else if (fills[order.OrderId].Any())
            {
                (filledByGroup.TryGetValue(group, out var list) ? list : filledByGroup[group] = []).Add(order.OrderId);
            }
        }

        closedEntries = trades.SelectMany(t => t.EntryOrderIds).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Why the order's unfilled quantity is not an opportunity; null when it is one.</summary>
    public string? Excluded(OrderInfo order)
    {
        var group = order.OcoGroupId;
        if (group is not null && order.OcoRole != OcoRole.Entry && filledByGroup.TryGetValue(group, out var filled)
            && filled.Exists(id => !string.Equals(id, order.OrderId, StringComparison.Ordinal)))
        {
            return ImplementationShortfall.OcoCancelled;
        }

        if (order.OcoRole is OcoRole.StopLoss or OcoRole.TakeProfit)
        {
            var entry = order.ParentOrderId ?? (group is null ? null : entryByGroup.GetValueOrDefault(group));
            if (entry is not null && closedEntries.Contains(entry))
            {
                return ImplementationShortfall.PositionClosed;
            }
        }

        return null;
    }
}
