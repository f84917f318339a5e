using System.Text.Json;
using QuantowerRecorder.Plugin.Platform;
using QuantowerRecorder.Storage.Records;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Mapping;

/// <summary>
/// Orders to snapshots, one per distinct state. The platform raises OrderAdded for every update and reuses the same
/// Order object, so a repeated message maps to an identical snapshot and is not sent again. Not thread-safe: the run
/// calls it under its lock.
/// </summary>
internal sealed class OrderMapper
{
    private readonly Dictionary<string, OrderSnapshot> last = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> tags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> parents = new(StringComparer.Ordinal);

    public bool Knows(string orderId) => last.ContainsKey(orderId);

    /// <summary>The snapshot to record for this state of the order, or null when it repeats the last one.</summary>
    public OrderSnapshot? Map(Order order, string runId, RunSource source, DateTime nowUtc)
    {
        var eventUtc = order.LastUpdateTime > DateTime.MinValue ? order.LastUpdateTime : nowUtc;
        // Submitted when the run first met it: every later snapshot carries that time on.
        var previous = last.GetValueOrDefault(order.Id);
        var snapshot = new OrderSnapshot
        {
            RunId = runId,
            EventUtc = eventUtc,
            Source = source,
            OrderId = order.Id,
            ParentOrderId = parents.GetValueOrDefault(order.Id),
            Symbol = Formats.Symbol(order.Symbol) ?? string.Empty,
            AccountId = Formats.Account(order.Account),
            Side = PlatformNames.Side(order.Side),
            OrderType = PlatformNames.OrderType(order.OrderTypeId),
            TimeInForce = PlatformNames.TimeInForce(order.TimeInForce),
            Quantity = order.TotalQuantity,
            Price = PlatformNames.Price(order.Price),
            StopPrice = PlatformNames.Price(order.TriggerPrice),
            Status = PlatformNames.Status(order.Status),
            SubmitUtc = previous?.SubmitUtc ?? eventUtc,
            FilledQuantity = PlatformNames.Price(order.FilledQuantity),
            AverageFillPrice = order.FilledQuantity > 0 ? PlatformNames.Price(order.AverageFillPrice) : null,
            ClientTag = tags.GetValueOrDefault(order.Id) ?? (string.IsNullOrWhiteSpace(order.Comment) ? null : order.Comment),
            ExtraJson = Extra(order),
        };

        if (previous == snapshot)
        {
            return null;
        }

        last[order.Id] = snapshot;
        return snapshot;
    }

    /// <summary>
    /// Gives an order its client tag. Returns the last snapshot again with the tag (the same time and a later sequence,
    /// so it replaces the stored row), or null when the order has not been seen yet; later snapshots carry it.
    /// </summary>
    public OrderSnapshot? Tag(string orderId, string tag)
    {
        tags[orderId] = tag;
        return Amend(orderId, s => s with { ClientTag = tag });
    }

    /// <summary>Links a bracket leg to its entry; returns the amended last snapshot, if any.</summary>
    public OrderSnapshot? SetParent(string orderId, string parentOrderId)
    {
        parents[orderId] = parentOrderId;
        return Amend(orderId, s => s with { ParentOrderId = parentOrderId });
    }

    private OrderSnapshot? Amend(string orderId, Func<OrderSnapshot, OrderSnapshot> change)
    {
        if (!last.TryGetValue(orderId, out var previous))
        {
            return null;
        }

        var amended = change(previous);
        if (amended == previous)
        {
            return null;
        }

        last[orderId] = amended;
        return amended;
    }

    private static string Extra(Order order)
    {
        var extra = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["connection_id"] = order.ConnectionId,
            ["group_id"] = string.IsNullOrEmpty(order.GroupId) ? null : order.GroupId,
            ["position_id"] = string.IsNullOrEmpty(order.PositionId) ? null : order.PositionId,
            ["original_status"] = order.OriginalStatus,
            ["comment"] = order.Comment,
            ["platform_order_type"] = order.OrderTypeId,
            ["trail_offset"] = PlatformNames.Price(order.TrailOffset),
        };
        if (order.StopLossItems is { Length: > 0 } sl)
        {
            extra["stop_loss"] = sl.Select(Holder).ToArray();
        }

        if (order.TakeProfitItems is { Length: > 0 } tp)
        {
            extra["take_profit"] = tp.Select(Holder).ToArray();
        }

        return JsonSerializer.Serialize(extra);
    }

    private static SortedDictionary<string, object?> Holder(SlTpHolder holder) => new(StringComparer.Ordinal)
    {
        ["price"] = PlatformNames.Price(holder.Price),
        ["measurement"] = holder.PriceMeasurement.ToString(),
        ["trailing"] = holder.IsTrailing,
        ["quantity"] = PlatformNames.Price(holder.Quantity),
        ["quantity_percent"] = PlatformNames.Price(holder.QuantityPercentage),
    };
}
