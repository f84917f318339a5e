using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Storage.Records;
using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Mapping;

/// <summary>
/// OCO groups and brackets as the platform shows them (quantower-api.md §4):
/// <list type="bullet">
/// <item>orders sharing a non-empty <see cref="Order.GroupId"/> are one OCO group;</item>
/// <item>an entry with SL/TP holders, and the SL/TP orders that later carry its position's id, are one bracket group
/// with roles ENTRY / SL / TP. The entry is tied to the position by its fill (Trade.OrderId + Trade.PositionId), so a
/// leg seen before that fill waits until it arrives, whatever the order the platform shows them in.</item>
/// </list>
/// Not thread-safe: the run calls it under its lock.
/// </summary>
internal sealed class OcoTracker(string runId, RunSource source)
{
    private readonly HashSet<string> definedGroups = new(StringComparer.Ordinal);
    private readonly Dictionary<(string GroupId, string OrderId), string?> links = [];
    private readonly HashSet<string> bracketEntries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> entryByPosition = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> groupAlias = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PendingLeg>> pendingLegs = new(StringComparer.Ordinal);

    /// <summary>Whether the order belongs to a bracket or group this run already follows (so a comment filter must not drop it).</summary>
    public bool IsRelated(Order order) =>
        (!string.IsNullOrEmpty(order.PositionId) && entryByPosition.ContainsKey(PositionKey(order.ConnectionId, order.PositionId)))
        || (!string.IsNullOrEmpty(order.GroupId) && groupAlias.ContainsKey(GroupKey(order.ConnectionId, order.GroupId)));

    public void Observe(Order order, DateTime nowUtc, OcoChanges changes)
    {
        var hasHolders = order.StopLossItems.Length + order.TakeProfitItems.Length > 0;
        if (hasHolders)
        {
            bracketEntries.Add(order.Id);
            Link(BracketGroup(order.ConnectionId, order.Id, nowUtc, changes), order.Id, OcoRoles.Entry, nowUtc, changes);
            if (!string.IsNullOrEmpty(order.PositionId))
            {
                // Some integrations put the position id on the entry itself.
                BindPosition(order.ConnectionId, order.PositionId, order.Id, nowUtc, changes);
            }

            return;
        }

        if (!string.IsNullOrEmpty(order.PositionId))
        {
            var leg = new PendingLeg(order.Id, order.ConnectionId, order.GroupId, RoleOf(order));
            var positionKey = PositionKey(order.ConnectionId, order.PositionId);
            if (entryByPosition.TryGetValue(positionKey, out var entry))
            {
                AddLeg(entry, leg, nowUtc, changes);
            }
            else if (!string.IsNullOrEmpty(order.GroupId) && groupAlias.TryGetValue(GroupKey(order.ConnectionId, order.GroupId), out var aliased))
            {
                Link(aliased, order.Id, leg.Role, nowUtc, changes);
            }
            else
            {
                var list = pendingLegs.TryGetValue(positionKey, out var existing) ? existing : pendingLegs[positionKey] = [];
                if (!list.Exists(l => string.Equals(l.OrderId, leg.OrderId, StringComparison.Ordinal)))
                {
                    list.Add(leg);
                }
            }

            return;
        }

        if (!string.IsNullOrEmpty(order.GroupId))
        {
            Link(PlatformGroup(order.ConnectionId, order.GroupId, nowUtc, changes), order.Id, role: null, nowUtc, changes);
        }
    }

    /// <summary>A fill of a bracket entry ties the entry to its position.</summary>
    public void ObserveFill(Trade trade, DateTime nowUtc, OcoChanges changes)
    {
        if (!string.IsNullOrEmpty(trade.OrderId) && !string.IsNullOrEmpty(trade.PositionId) && bracketEntries.Contains(trade.OrderId))
        {
            BindPosition(trade.ConnectionId, trade.PositionId, trade.OrderId, nowUtc, changes);
        }
    }

    /// <summary>An explicit group from the strategy author, with roles.</summary>
    public void Declare(string label, IEnumerable<OcoMember> members, DateTime nowUtc, OcoChanges changes)
    {
        var groupId = Define("declared:" + label, label, nowUtc, changes);
        foreach (var (orderId, role) in members)
        {
            Link(groupId, orderId, role, nowUtc, changes);
        }
    }

    /// <summary>At the end of the run: legs whose entry never showed up still form their platform OCO group.</summary>
    public void Settle(DateTime nowUtc, OcoChanges changes)
    {
        foreach (var leg in pendingLegs.Values.SelectMany(l => l))
        {
            if (!string.IsNullOrEmpty(leg.GroupId))
            {
                Link(PlatformGroup(leg.ConnectionId, leg.GroupId, nowUtc, changes), leg.OrderId, leg.Role, nowUtc, changes);
            }
        }

        pendingLegs.Clear();
    }

    private void BindPosition(string connectionId, string positionId, string entryId, DateTime nowUtc, OcoChanges changes)
    {
        var positionKey = PositionKey(connectionId, positionId);
        if (!entryByPosition.TryAdd(positionKey, entryId))
        {
            return;
        }

        if (pendingLegs.Remove(positionKey, out var waiting))
        {
            foreach (var leg in waiting)
            {
                AddLeg(entryId, leg, nowUtc, changes);
            }
        }
    }

    private void AddLeg(string entryId, PendingLeg leg, DateTime nowUtc, OcoChanges changes)
    {
        var groupId = BracketGroup(leg.ConnectionId, entryId, nowUtc, changes);
        if (!string.IsNullOrEmpty(leg.GroupId))
        {
            // The legs' shared GroupId is the platform's OCO link of this same bracket: one group, not two.
            groupAlias.TryAdd(GroupKey(leg.ConnectionId, leg.GroupId), groupId);
        }

        Link(groupId, leg.OrderId, leg.Role, nowUtc, changes);
        changes.Parents.Add(new(leg.OrderId, entryId));
    }

    private string BracketGroup(string connectionId, string entryId, DateTime nowUtc, OcoChanges changes) =>
        Define("bracket:" + connectionId + ":" + entryId, "Bracket " + entryId, nowUtc, changes);

    private string PlatformGroup(string connectionId, string groupId, DateTime nowUtc, OcoChanges changes) =>
        groupAlias.TryGetValue(GroupKey(connectionId, groupId), out var aliased)
            ? aliased
            : groupAlias[GroupKey(connectionId, groupId)] = Define(GroupKey(connectionId, groupId), "OCO " + groupId, nowUtc, changes);

    private string Define(string key, string label, DateTime nowUtc, OcoChanges changes)
    {
        var groupId = Identities.OcoGroupId(runId, key);
        if (definedGroups.Add(groupId))
        {
            changes.Events.Add(new OcoGroupDefined { RunId = runId, EventUtc = nowUtc, Source = source, OcoGroupId = groupId, Label = label });
        }

        return groupId;
    }

    private void Link(string groupId, string orderId, string? role, DateTime nowUtc, OcoChanges changes)
    {
        if (links.TryGetValue((groupId, orderId), out var known) && (role is null || string.Equals(known, role, StringComparison.Ordinal)))
        {
            return;
        }

        links[(groupId, orderId)] = role ?? known;
        changes.Events.Add(new OcoLinkAdded { RunId = runId, EventUtc = nowUtc, Source = source, OcoGroupId = groupId, OrderId = orderId, Role = role });
    }

    /// <summary>SL for stop-like close orders, TP for limit ones (as Position.StopLoss / TakeProfit are matched).</summary>
    private static string RoleOf(Order order)
    {
        OrderTypeBehavior behavior;
        try
        {
            behavior = order.OrderType?.Behavior ?? OrderTypeBehavior.Unspecified;
        }
        catch (NullReferenceException)
        {
            // OrderType throws once the connection is gone; the id still tells.
            behavior = OrderTypeBehavior.Unspecified;
        }

        if (behavior == OrderTypeBehavior.Unspecified)
        {
            behavior = order.OrderTypeId switch
            {
                OrderType.Stop or OrderType.MarketIfTouched => OrderTypeBehavior.Stop,
                OrderType.TrailingStop => OrderTypeBehavior.TrailingStop,
                OrderType.Limit => OrderTypeBehavior.Limit,
                _ => OrderTypeBehavior.Unspecified,
            };
        }

        return behavior switch
        {
            OrderTypeBehavior.Stop or OrderTypeBehavior.TrailingStop => OcoRoles.StopLoss,
            OrderTypeBehavior.Limit => OcoRoles.TakeProfit,
            _ => OcoRoles.Exit,
        };
    }

    private static string GroupKey(string connectionId, string groupId) => "oco:" + connectionId + ":" + groupId;

    private static string PositionKey(string connectionId, string positionId) => connectionId + ":" + positionId;

    private sealed record PendingLeg(string OrderId, string ConnectionId, string? GroupId, string Role);
}
