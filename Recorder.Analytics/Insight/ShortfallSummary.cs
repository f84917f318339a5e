namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// Implementation shortfall summed over a set of orders: a run's, or an instance's (the orders of all its runs).
/// A part's sum covers the orders where it is known (null when none is); add only orders of one currency.
/// </summary>
public sealed record ShortfallSummary(
    int Orders,
    int OrdersWithDelay,
    double? Delay,
    double? Execution,
    double Fees,
    double? Opportunity,
    double Total,
    int CompleteOrders)
{
    /// <summary>Sums the orders' parts.</summary>
    public static ShortfallSummary Of(IEnumerable<OrderShortfall> orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var list = orders.ToList();
        return new ShortfallSummary(
            list.Count,
            list.Count(o => o.Delay.HasValue),
            SumKnown(list, o => o.Delay),
            SumKnown(list, o => o.Execution),
            list.Sum(o => o.Fees),
            SumKnown(list, o => o.Opportunity),
            list.Sum(o => o.Total),
            list.Count(o => o.Complete));
    }

    private static double? SumKnown(List<OrderShortfall> list, Func<OrderShortfall, double?> part) =>
        list.Any(o => part(o).HasValue) ? list.Sum(o => part(o) ?? 0) : null;
}
