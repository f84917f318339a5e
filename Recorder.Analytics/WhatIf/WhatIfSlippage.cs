namespace QuantowerRecorder.Analytics.WhatIf;

/// <summary>
/// The run's own slippage of one symbol's stop and limit fills, in ticks, as the what-if applies it (docs/metrics.md,
/// "What-if exits"): past the price the market allowed — the order's trigger (stop) or limit, or the bar's open when
/// the bar the fill falls in opened beyond it while the order was working. A simulated exit fills at the same price
/// (the level, or the open on a gap), so the slippage added to it is what the run lost beyond that, and a gap is not
/// counted twice. Quantity-weighted; null where the run has no such fill.
/// </summary>
public sealed record WhatIfSlippage(double? StopTicks, double? LimitTicks)
{
    /// <param name="bars">The simulated series (time order), whose opens the simulation fills gaps at.</param>
    public static WhatIfSlippage Measure(IReadOnlyList<Fill> fills, IReadOnlyList<OrderInfo> orders, IReadOnlyList<Bar> bars, string symbol, double tickSize)
    {
        ArgumentNullException.ThrowIfNull(fills);
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(bars);
        var byId = new Dictionary<string, OrderInfo>(StringComparer.Ordinal);
        foreach (var order in orders)
        {
            byId.TryAdd(order.OrderId, order);
        }

        double stopSum = 0, stopQuantity = 0, limitSum = 0, limitQuantity = 0;
        foreach (var fill in fills)
        {
            if (!string.Equals(fill.Symbol, symbol, StringComparison.Ordinal) || !byId.TryGetValue(fill.OrderId, out var order))
            {
                continue;
            }

            var isStop = order.Type is OrderType.Stop or OrderType.StopLimit;
            var reference = isStop ? order.StopPrice : order.Type == OrderType.Limit ? order.LimitPrice : null;
            if (reference is not { } level)
            {
                continue;
            }

            var d = fill.Side == Side.Buy ? 1 : -1;
            var allowed = level;
            if (OpenOfFillBar(bars, fill, order.SubmitTimeUtc) is { } open)
            {
                // A stop is beyond when the market opened past its trigger (worse), a limit when it opened past its limit (better).
                var beyond = isStop ? d * (open - level) > 0 : d * (level - open) > 0;
                allowed = beyond ? open : level;
            }

            var ticks = d * (fill.Price - allowed) / tickSize * fill.Quantity;
            if (isStop)
            {
                stopSum += ticks;
                stopQuantity += fill.Quantity;
            }
            else
            {
                limitSum += ticks;
                limitQuantity += fill.Quantity;
            }
        }

        return new WhatIfSlippage(stopQuantity > 0 ? stopSum / stopQuantity : null, limitQuantity > 0 ? limitSum / limitQuantity : null);
    }

    /// <summary>
    /// The open of the bar the fill falls in (the last that opened by it, before the next one), when the order was working
    /// at that open. A fill stamped at the very instant one bar closed and the next opened (a backtest stamps a bar's fills
    /// at its close) belongs to the closing bar when its price is in that bar's range, else to the opening one: a target
    /// filled at its level in the closing bar is not measured against the next bar's open, which may lie beyond it.
    /// </summary>
    private static double? OpenOfFillBar(IReadOnlyList<Bar> bars, Fill fill, DateTime submitUtc)
    {
        int lo = 0, hi = bars.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            if (bars[mid].TimeUtc <= fill.TimeUtc)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        if (found > 0 && bars[found].TimeUtc == fill.TimeUtc && bars[found - 1] is var closing
            && fill.Price >= closing.Low && fill.Price <= closing.High)
        {
            found--;
        }

        return found >= 0 && submitUtc <= bars[found].TimeUtc ? bars[found].Open : null;
    }
}
