using QuantowerRecorder.Analytics.Inputs;

namespace QuantowerRecorder.Analytics.Insight;

/// <summary>
/// Decomposes each order's cost into delay, execution, fees and opportunity (Perold's implementation shortfall);
/// definitions in docs/metrics.md, "Implementation shortfall".
/// </summary>
public static class ImplementationShortfall
{
    /// <summary>Text of <see cref="OrderShortfall.DelayUnknownReason"/> for an order without a decision mark.</summary>
    public const string NoDecision = "no decision mark: the price the strategy saw is not known";

    /// <summary>Reason used when no bar had ended by the submission.</summary>
    public const string NoSubmissionPrice = "no market price at submission (no bar of the symbol had ended by then)";

    /// <summary>Reason used when the decision mark is for the other side.</summary>
    public const string OtherSide = "the decision mark is for the other side than the order's";

    /// <summary>Reason used when a filled stop or stop-limit has no recorded stop (trigger) price.</summary>
    public const string NoStopPrice = "no stop (trigger) price recorded for the stop order";

    /// <summary>Reason used when a filled take-profit limit has no recorded limit price.</summary>
    public const string NoLimitPrice = "no limit price recorded for the take-profit order";

    /// <summary>Why an OCO leg's unfilled quantity is not an opportunity: another leg of its group filled.</summary>
    public const string OcoCancelled = "OCO-cancelled: another order of its OCO group filled, so it was not meant to fill as well";

    /// <summary>Why a protective leg's unfilled quantity is not an opportunity: its position was closed.</summary>
    public const string PositionClosed = "its position was closed by another order: nothing was left for it to close";

    /// <summary>One row per order, by submission time then order id.</summary>
    public static IReadOnlyList<OrderShortfall> Compute(ShortfallInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var market = new MarketPrices(input.Bars, input.Indexed);
        var instruments = new Instruments(input.Context);
        var fills = input.Fills.Where(RunAnalyzer.Usable).ToLookup(f => f.OrderId, StringComparer.Ordinal);
        var legs = new UnfilledLegs(input.Orders, fills, input.Trades);
        return input.Orders
            .OrderBy(o => o.SubmitTimeUtc).ThenBy(o => o.OrderId, StringComparer.Ordinal)
            .Select(o => Of(o, fills[o.OrderId], input.Decisions.GetValueOrDefault(o.OrderId), market, instruments, legs))
            .ToList();
    }

    private static OrderShortfall Of(
        OrderInfo order, IEnumerable<Fill> fills, DecisionMark? mark, MarketPrices market, Instruments instruments, UnfilledLegs legs)
    {
        // A mark for the other side was not this order's decision: it must not price the order's delay.
        var decision = mark is not null && mark.Side == order.Side ? mark : null;
        // Cost is positive when worse: paying more on a buy, receiving less on a sell.
        var d = order.Side == Side.Buy ? 1.0 : -1.0;
        var v = instruments.PointValue(order.Symbol);
        var pointValueAssumed = instruments.Fallbacks.Contains(order.Symbol);
        // Each sum adds its terms in the fills' order, as one sum after another would.
        double filled = 0, value = 0, fees = 0;
        var count = 0;
        foreach (var fill in fills)
        {
            filled += fill.Quantity;
            value += fill.Price * fill.Quantity;
            fees += fill.Fee;
            count++;
        }

        var intended = decision?.Quantity ?? order.Quantity;
        var unfilled = Math.Max(0, intended - filled);
        var submission = market.At(order.Symbol, order.SubmitTimeUtc);
        double? average = filled > 0 ? value / filled : null;

        double? delay = decision is not null && submission is { } s0 ? d * (s0 - decision.Price) * filled * v : null;
        var (reference, noReference) = Reference(order, submission);
        // Nothing filled, nothing executed: 0 whatever the reference.
        double? execution = count == 0 ? 0 : reference is { } r ? fills.Sum(f => d * (f.Price - r) * f.Quantity) * v : null;

        var benchmark = decision?.Price ?? submission;
        // Nothing unfilled, nothing to value: a filled order's row is settled once it is filled, whatever the market does.
        var end = unfilled > 0 ? EndPrice(order, market) : null;
        var excluded = unfilled > 0 ? legs.Excluded(order) : null;
        double? opportunity = unfilled <= 0 || excluded is not null ? 0
            : benchmark is { } b && end is { } e ? d * (e - b) * unfilled * v : null;

        return new OrderShortfall
        {
            OrderId = order.OrderId,
            Symbol = order.Symbol,
            Side = order.Side,
            IntendedQuantity = intended,
            FilledQuantity = filled,
            DecisionPrice = decision?.Price,
            SubmissionPrice = submission,
            AverageFillPrice = average,
            EndPrice = end,
            Delay = delay,
            DelayUnknownReason = delay.HasValue ? null : mark is null ? NoDecision : decision is null ? OtherSide : NoSubmissionPrice,
            PointValueAssumed = pointValueAssumed,
            ExecutionReference = reference,
            Execution = execution,
            ExecutionUnknownReason = execution.HasValue ? null : noReference,
            Fees = fees,
            Opportunity = opportunity,
            OpportunityUnknownReason = opportunity.HasValue ? null
                : benchmark is null ? "neither a decision price nor a market price at submission"
                : "no market price to value the unfilled quantity at",
            OpportunityExcluded = excluded,
        };
    }

    // A stop trades once the market reaches its trigger, a take-profit at its target: the distance from the market to
    // that price is the strategy's choice, so their fills are measured from it. Every other order from the market.
    private static (double? Price, string? WhyNone) Reference(OrderInfo order, double? submission) => order.Type switch
    {
        OrderType.Stop or OrderType.StopLimit => Known(order.StopPrice, NoStopPrice),
        OrderType.Limit when order.OcoRole == OcoRole.TakeProfit => Known(order.LimitPrice, NoLimitPrice),
        _ => Known(submission, NoSubmissionPrice),
    };

    private static (double? Price, string? WhyNone) Known(double? price, string whyNone) =>
        price is { } p && double.IsFinite(p) ? (p, null) : (null, whyNone);

    // A cancelled or rejected order's unfilled part stopped at its end; anything else is valued at the run's last price.
    private static double? EndPrice(OrderInfo order, MarketPrices market) =>
        order.Status is OrderStatus.Cancelled or OrderStatus.Rejected && order.LastUpdateUtc is { } finished
            ? market.At(order.Symbol, finished)
            : market.Last(order.Symbol);
}
