using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.ReadModels;

/// <summary>
/// A run's OCO groups as the page draws them: each group with its legs (the orders' prices and lifetimes, for the
/// bracket lines) and the leg that won (the first non-entry leg to fill).
/// </summary>
public static class OcoView
{
    public static IReadOnlyList<GroupView> Of(IRecorderReader reader, string runId)
    {
        var orders = reader.Trading.Orders(runId).ToDictionary(o => o.OrderId, StringComparer.Ordinal);
        var firstFill = reader.Trading.Executions(runId)
            .GroupBy(x => x.OrderId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.ExecUtc).Order(StringComparer.Ordinal).First(), StringComparer.Ordinal);
        return reader.Trading.OcoGroups(runId).Select(g =>
        {
            var legs = g.Links.Select(l => orders.TryGetValue(l.OrderId, out var o)
                ? new LegView(l.OrderId, l.Role, o.Symbol, o.Side, o.OrderType, o.Price, o.StopPrice, o.Status, o.SubmitUtc, o.UpdateUtc)
                : new LegView(l.OrderId, l.Role, null, null, null, null, null, "UNSEEN", null, null)).ToList();
            // Stored times sort as text (yyyy-MM-ddTHH:mm:ss.fffffffZ).
            var winner = legs.Where(l => l.Role != "ENTRY" && firstFill.ContainsKey(l.OrderId))
                .OrderBy(l => firstFill[l.OrderId], StringComparer.Ordinal).FirstOrDefault();
            return new GroupView(g.OcoGroupId, g.Label, g.CreatedUtc, legs, winner?.Role, winner?.OrderId);
        }).ToList();
    }

    public sealed record GroupView(string OcoGroupId, string? Label, string CreatedUtc, IReadOnlyList<LegView> Legs, string? WinningRole, string? WinningOrderId);

    public sealed record LegView(string OrderId, string? Role, string? Symbol, string? Side, string? OrderType, double? Price, double? StopPrice,
        string Status, string? SubmitUtc, string? UpdateUtc);
}
