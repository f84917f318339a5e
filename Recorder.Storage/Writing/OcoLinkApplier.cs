using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>The order_oco_links table: rare, so one Dapper statement; applied in arrival order among the hot tables.</summary>
internal sealed class OcoLinkApplier(SqliteConnection connection)
{
    public ApplyResult Apply(HotOp op, OcoLinkAdded l)
    {
        // A link without its own impact takes its order's; if the order comes later, it fills the link in then.
        var impact = l.PositionImpact ?? op.Run.Orders.GetValueOrDefault(l.OrderId)?.Impact ?? PositionImpact.Unknown;
        connection.Execute(Statements.UpsertOcoLink,
            new { l.RunId, l.OcoGroupId, l.OrderId, l.Role, PositionImpact = StoredText.Impact(impact) });
        return ApplyResult.Applied;
    }
}
