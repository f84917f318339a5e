using System.Data.Common;
using System.Globalization;
using Dapper;

namespace QuantowerRecorder.Storage.Queries.Sql;

/// <summary>The checks of `recorder verify` that read the same tables in a file and in the team store.</summary>
internal static class HealthChecks
{
    public static long QuarantinedEvents(DbConnection c) => c.ExecuteScalar<long>("SELECT COUNT(*) FROM ingest_quarantine");

    public static HealthCheckResult Quarantine(long quarantined) => quarantined == 0
        ? new HealthCheckResult("quarantine", HealthStatus.Ok, "no quarantined events")
        : new HealthCheckResult("quarantine", HealthStatus.Warning, string.Create(CultureInfo.InvariantCulture, $"{quarantined} event(s) quarantined with a reason (table ingest_quarantine)"));

    public static HealthCheckResult FillsWithoutOrder(DbConnection c)
    {
        // Fills may arrive before their order (a soft link by design); in an ended run the order should be there.
        var fills = c.ExecuteScalar<long>("""
            SELECT COUNT(*) FROM executions x JOIN strategy_runs r ON r.run_id = x.run_id
            WHERE r.status <> 'RUNNING' AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.run_id = x.run_id AND o.order_id = x.order_id)
            """);
        return fills == 0
            ? new HealthCheckResult("orphaned rows", HealthStatus.Ok, "none")
            : new HealthCheckResult("orphaned rows", HealthStatus.Warning, string.Create(CultureInfo.InvariantCulture, $"{fills} fill(s) of ended runs whose order was never recorded"));
    }
}
