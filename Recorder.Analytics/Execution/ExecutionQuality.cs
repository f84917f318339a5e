using System.Runtime.InteropServices;
using QuantowerRecorder.Analytics.Inputs;
using QuantowerRecorder.Analytics.Metrics;
using QuantowerRecorder.Analytics.Stats;

namespace QuantowerRecorder.Analytics.Execution;

/// <summary>
/// Slippage per fill against its order's reference price (limit, stop, or for market orders the close of the
/// last bar that had ended by submission), positive = worse for the trader; fill ratio and latencies per order.
/// </summary>
internal sealed class ExecutionQuality(
    IReadOnlyDictionary<string, OrderInfo> orders,
    IReadOnlyDictionary<string, BarTrack> bars,
    Instruments instruments)
{
    private readonly Dictionary<string, OrderFills> byOrder = new(StringComparer.Ordinal);

    public List<FillSlippage> Fills { get; } = [];

    public void Add(Fill fill)
    {
        if (!orders.TryGetValue(fill.OrderId, out var order))
        {
            return;
        }

        // One look-up per fill: the order's summary also caches its reference price.
        ref var summary = ref CollectionsMarshal.GetValueRefOrAddDefault(this.byOrder, order.OrderId, out var exists);
        if (!exists)
        {
            summary = new OrderFills(Reference(order));
        }

        FillSlippage? slippage = null;
        if (summary!.Reference is { } reference)
        {
            var price = (fill.Price - reference) * (fill.Side == Side.Buy ? 1 : -1);
            var tickSize = instruments.TickSize(fill.Symbol, order);
            var ticks = tickSize is { } ts ? price / ts : (double?)null;
            var money = ticks is { } t && instruments.TickValue(fill.Symbol, order) is { } tickValue
                ? t * tickValue * fill.Quantity
                : price * fill.Quantity * instruments.PointValue(fill.Symbol);
            slippage = new FillSlippage(fill.ExecutionId, fill.OrderId, order.Type, reference, fill.Price, fill.Quantity, price, ticks, money);
            Fills.Add(slippage);
        }

        summary.Add(fill, order.Quantity, slippage);
    }

    /// <summary>One row per order, by submission time (input order on ties).</summary>
    public List<OrderExecution> Rows() => orders.Values.OrderBy(o => o.SubmitTimeUtc).Select(Row).ToList();

    public void AddMetrics(MetricSet set, IReadOnlyList<OrderExecution> rows)
    {
        var qty = Fills.Sum(f => f.Quantity);
        const string noReference = "no fill has a reference price";
        set.Add(MetricKeys.SlippageAvgPrice, qty > 0 ? Fills.Sum(f => f.SlippagePrice * f.Quantity) / qty : null, MetricUnits.Price, noReference);
        set.Add(MetricKeys.SlippageAvgTicks, AverageTicks(_ => true), MetricUnits.Ticks, noReference + " and a known tick size");
        set.Add(MetricKeys.SlippageTotal, qty > 0 ? Fills.Sum(f => f.SlippageMoney) : null, MetricUnits.Money, noReference);
        set.Add(MetricKeys.SlippageMarketAvgTicks, AverageTicks(t => t == OrderType.Market), MetricUnits.Ticks, "no market fill with a reference and a tick size");
        set.Add(MetricKeys.SlippageLimitAvgTicks, AverageTicks(t => t == OrderType.Limit), MetricUnits.Ticks, "no limit fill with a tick size");
        set.Add(MetricKeys.SlippageStopAvgTicks, AverageTicks(t => t is OrderType.Stop or OrderType.StopLimit), MetricUnits.Ticks, "no stop fill with a tick size");

        var withQuantity = rows.Where(r => r.FillRatio is not null).ToList();
        set.Add(MetricKeys.FillRatioAvg, withQuantity.Count > 0 ? withQuantity.Average(r => r.FillRatio!.Value) * 100 : null, MetricUnits.Percent, "no orders");
        var overfilled = rows.Count(r => r.OverfilledQuantity > 0);
        set.Add(MetricKeys.OverfilledOrders, overfilled, MetricUnits.Count);
        if (overfilled > 0)
        {
            set.Note(MetricKeys.OverfilledOrders, $"{overfilled} order(s) were filled beyond their quantity; their fill ratio counts as 1 (see run_order_quality.overfilled_quantity)");
        }

        set.Add(MetricKeys.CancelRate, rows.Count > 0 ? 100.0 * rows.Count(r => r.Status == OrderStatus.Cancelled) / rows.Count : null, MetricUnits.Percent, "no orders");
        set.Add(MetricKeys.RejectRate, rows.Count > 0 ? 100.0 * rows.Count(r => r.Status == OrderStatus.Rejected) / rows.Count : null, MetricUnits.Percent, "no orders");
        var first = rows.Where(r => r.LatencyFirstFillMs is not null).Select(r => r.LatencyFirstFillMs!.Value).ToList();
        var full = rows.Where(r => r.LatencyFullFillMs is not null).Select(r => r.LatencyFullFillMs!.Value).ToList();
        var resting = rows.Where(r => r.TimeToFillMs is not null).Select(r => r.TimeToFillMs!.Value).ToList();
        set.Add(MetricKeys.LatencyFirstFillP50, Quantile.Of(first, 0.50), MetricUnits.Milliseconds, "no filled marketable orders");
        set.Add(MetricKeys.LatencyFirstFillP95, Quantile.Of(first, 0.95), MetricUnits.Milliseconds, "no filled marketable orders");
        set.Add(MetricKeys.LatencyFullFillP50, Quantile.Of(full, 0.50), MetricUnits.Milliseconds, "no completely filled marketable orders");
        set.Add(MetricKeys.LatencyFullFillP95, Quantile.Of(full, 0.95), MetricUnits.Milliseconds, "no completely filled marketable orders");
        set.Add(MetricKeys.TimeToFillP50, Quantile.Of(resting, 0.50), MetricUnits.Milliseconds, "no filled resting orders");
    }

    private double? AverageTicks(Func<OrderType, bool> ofType)
    {
        var ticked = Fills.Where(f => f.SlippageTicks is not null && ofType(f.OrderType)).ToList();
        var qty = ticked.Sum(f => f.Quantity);
        return qty > 0 ? ticked.Sum(f => f.SlippageTicks!.Value * f.Quantity) / qty : null;
    }

    private OrderExecution Row(OrderInfo order)
    {
        var fills = this.byOrder.GetValueOrDefault(order.OrderId);
        var submit = order.SubmitTimeUtc.Ticks;
        var filled = fills?.Quantity ?? 0;
        var marketable = Marketable(order);
        double? first = fills?.FirstTicks is { } f ? (double)(f - submit) / TimeSpan.TicksPerMillisecond : null;
        double? full = fills?.FullTicks is { } l ? (double)(l - submit) / TimeSpan.TicksPerMillisecond : null;
        return new OrderExecution
        {
            OrderId = order.OrderId,
            Symbol = order.Symbol,
            Side = order.Side,
            Type = order.Type,
            Status = order.Status,
            Quantity = order.Quantity,
            FilledQuantity = filled,
            FillRatio = order.Quantity > 0 ? Math.Min(1.0, filled / order.Quantity) : null,
            OverfilledQuantity = order.Quantity > 0 && filled > order.Quantity * (1 + 1e-9) ? filled - order.Quantity : 0,
            FillCount = fills?.Count ?? 0,
            AverageFillPrice = fills is { Quantity: > 0 } ? fills.Value / fills.Quantity : null,
            ReferencePrice = fills is not null ? fills.Reference : Reference(order),
            SlippagePrice = fills is { SlippedQuantity: > 0 } ? fills.SlippagePriceSum / fills.SlippedQuantity : null,
            SlippageTicks = fills is { TickedQuantity: > 0 } ? fills.SlippageTicksSum / fills.TickedQuantity : null,
            SlippageMoney = fills is { SlippedQuantity: > 0 } ? fills.SlippageMoney : null,
            Marketable = marketable,
            LatencyFirstFillMs = marketable == true ? first : null,
            LatencyFullFillMs = marketable == true ? full : null,
            TimeToFillMs = marketable == true ? null : first,
        };
    }

    /// <summary>
    /// Whether the order could fill when it was submitted: market orders always; a buy limit at or above (sell: at or
    /// below) the last close before submission; a buy stop or stop-limit whose trigger is at or below (sell: at or
    /// above) it. The prices are those the order was first recorded with: a stop trailed to the market later was not
    /// marketable when submitted, and its wait is the market's, not latency. Null when there is no such close or the
    /// type is not one of these.
    /// </summary>
    private bool? Marketable(OrderInfo order)
    {
        if (order.Type == OrderType.Market)
        {
            return true;
        }

        var last = LastCloseBefore(order);
        var buy = order.Side == Side.Buy;
        return order.Type switch
        {
            OrderType.Limit when last is { } px && (order.InitialLimitPrice ?? order.LimitPrice) is { } limit => buy ? limit >= px : limit <= px,
            OrderType.Stop or OrderType.StopLimit when last is { } px && (order.InitialStopPrice ?? order.StopPrice) is { } stop =>
                buy ? stop <= px : stop >= px,
            _ => null,
        };
    }

    private double? Reference(OrderInfo order) => order.Type switch
    {
        OrderType.Limit => order.LimitPrice,
        OrderType.Stop or OrderType.StopLimit => order.StopPrice,
        OrderType.Market => LastCloseBefore(order),
        _ => null,
    };

    private double? LastCloseBefore(OrderInfo order) =>
        bars.TryGetValue(order.Symbol, out var track) ? track.CloseEndedBy(order.SubmitTimeUtc.Ticks) : null;
}
