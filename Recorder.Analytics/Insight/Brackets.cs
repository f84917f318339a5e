using QuantowerRecorder.Analytics.Inputs;

namespace QuantowerRecorder.Analytics.Insight;

/// <summary>Outcome per bracketed trade and what became of its stop (docs/metrics.md, "Brackets").</summary>
public static class Brackets
{
    /// <summary>Default scratch distance: an exit within one tick of the entry.</summary>
    public const double DefaultScratchTicks = 1;

    /// <summary>
    /// One row per trade that had a bracket (a stop-loss or take-profit linked to it), in the trades' order.
    /// <paramref name="history"/> holds the orders' recorded states, for stop moves; it may be empty.
    /// </summary>
    public static IReadOnlyList<BracketResult> Evaluate(
        IReadOnlyList<RoundTrip> trades,
        IReadOnlyList<OrderInfo> orders,
        IReadOnlyList<OrderPriceState> history,
        RunContext context,
        double scratchTicks = DefaultScratchTicks)
    {
        ArgumentNullException.ThrowIfNull(trades);
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(history);
        var byId = new Dictionary<string, OrderInfo>(StringComparer.Ordinal);
        foreach (var order in orders)
        {
            byId[order.OrderId] = order;
        }

        var states = history.GroupBy(s => s.OrderId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.TimeUtc).ToList(), StringComparer.Ordinal);
        var protective = new ProtectiveOrders(orders);
        var instruments = new Instruments(context ?? new RunContext());
        var results = new List<BracketResult>();
        foreach (var trade in trades)
        {
            var linked = protective.Of(trade, byId);
            var stop = linked.FirstOrDefault(o => o.OcoRole == OcoRole.StopLoss);
            var target = linked.FirstOrDefault(o => o.OcoRole == OcoRole.TakeProfit);
            if (stop is null && target is null)
            {
                continue;
            }

            results.Add(Result(trade, stop, target, states, instruments.TickSize(trade.Symbol, stop ?? target), scratchTicks));
        }

        return results;
    }

    private static BracketResult Result(
        RoundTrip trade, OrderInfo? stop, OrderInfo? target, Dictionary<string, List<OrderPriceState>> states, double? tick, double scratchTicks)
    {
        var d = trade.Side == TradeSide.Long ? 1.0 : -1.0;
        List<double> stopPrices = stop is null ? [] : StopPath(stop, states.GetValueOrDefault(stop.OrderId), trade.ExitTimeUtc);
        double? initial = stopPrices.Count > 0 ? stopPrices[0] : null;
        double? final = stopPrices.Count > 0 ? stopPrices[^1] : null;
        double? targetPrice = target?.LimitPrice ?? target?.StopPrice;
        double? risk = initial is { } i0 && Math.Abs(trade.EntryPrice - i0) > 0 ? Math.Abs(trade.EntryPrice - i0) : null;

        return new BracketResult
        {
            TradeNumber = trade.Number,
            Outcome = Outcome(trade, tick, scratchTicks),
            StopOrderId = stop?.OrderId,
            TargetOrderId = target?.OrderId,
            InitialStop = initial,
            FinalStop = final,
            Target = targetPrice,
            StopMoves = Math.Max(0, stopPrices.Count - 1),
            StopMovedTicks = initial is { } a && final is { } b && tick is > 0 ? d * (b - a) / tick.Value : null,
            TimeToOutcome = trade.ExitTimeUtc - trade.EntryTimeUtc,
            PlacedRewardRisk = risk is { } r1 && targetPrice is { } t ? Math.Abs(t - trade.EntryPrice) / r1 : null,
            GotRewardRisk = risk is { } r2 ? d * (trade.ExitPrice - trade.EntryPrice) / r2 : null,
        };
    }

    // The distinct successive stop prices up to the exit; the order's own first and newest prices when no states were recorded.
    private static List<double> StopPath(OrderInfo stop, List<OrderPriceState>? states, DateTime exitUtc)
    {
        var recorded = (states ?? []).Where(s => s.TimeUtc <= exitUtc && s.StopPrice is not null).Select(s => s.StopPrice).ToList();
        var path = new List<double>();
        foreach (var price in recorded.Count > 0 ? recorded : [stop.InitialStopPrice, stop.StopPrice])
        {
            if (price is { } p && (path.Count == 0 || path[^1] != p))
            {
                path.Add(p);
            }
        }

        return path;
    }

    private static BracketOutcome Outcome(RoundTrip trade, double? tick, double scratchTicks) => trade.ExitReason switch
    {
        ExitReason.TakeProfit => BracketOutcome.Target,
        ExitReason.StopLoss => BracketOutcome.Stop,
        ExitReason.Reversal => BracketOutcome.Reversal,
        _ => Math.Abs(trade.ExitPrice - trade.EntryPrice) <= (tick is > 0 ? scratchTicks * tick.Value * (1 + 1e-9) : 0)
            ? BracketOutcome.Scratch
            : BracketOutcome.Manual,
    };
}
