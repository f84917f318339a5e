using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Cli.Health;

/// <summary>The checks of `recorder verify`, all read-only.</summary>
internal static class HealthCheck
{
    public const int CurrentSchemaVersion = Migrator.CurrentVersion;

    public static IReadOnlyList<CheckResult> Run(SqliteConnection connection, string path, out IReadOnlyList<string> abandoned)
    {
        var results = new List<CheckResult>();
        var integrity = connection.Query<string>("PRAGMA integrity_check").ToList();
        results.Add(integrity is ["ok"]
            ? new CheckResult("integrity", CheckStatus.Ok, "PRAGMA integrity_check: ok")
            : new CheckResult("integrity", CheckStatus.Error, "PRAGMA integrity_check: " + string.Join("; ", integrity.Take(5)) + ". Restore a backup, or rebuild with `recorder replay`."));

        results.Add(Schema(connection));

        results.Add(Orphans(connection));

        var running = connection.Query<string>("SELECT run_id FROM strategy_runs WHERE status = 'RUNNING' ORDER BY start_utc").ToList();
        using (var locks = new RunLocks(path))
        {
            abandoned = running.Where(locks.IsAbandoned).ToList();
        }
        var live = running.Count - abandoned.Count;
        results.Add(abandoned.Count == 0
            ? new CheckResult("running runs", CheckStatus.Ok, live == 0 ? "no run left running" : $"{live} run(s) being recorded right now")
            : new CheckResult("running runs", CheckStatus.Error,
                $"{abandoned.Count} run(s) still RUNNING but no recorder holds them (crash or kill): {string.Join(", ", abandoned)}. Mark them ABANDONED with `recorder verify --fix`."));

        var quarantined = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM ingest_quarantine");
        results.Add(quarantined == 0
            ? new CheckResult("quarantine", CheckStatus.Ok, "no quarantined events")
            : new CheckResult("quarantine", CheckStatus.Warning, $"{quarantined} event(s) quarantined with a reason (table ingest_quarantine)"));
        return results;
    }

    private static CheckResult Schema(SqliteConnection connection)
    {
        var version = connection.ExecuteScalar<long>("PRAGMA user_version");
        // The version is kept twice (ARCHITECTURE.md §1); a file edited by hand or half-migrated can disagree.
        var meta = HasTable(connection, "schema_meta")
            ? connection.ExecuteScalar<string?>("SELECT value FROM schema_meta WHERE key = 'schema_version'")
            : null;
        if (meta is not null && meta != version.ToString(CultureInfo.InvariantCulture))
        {
            return new CheckResult("schema", CheckStatus.Error, string.Create(CultureInfo.InvariantCulture,
                $"PRAGMA user_version says {version} but schema_meta.schema_version says {meta}: the file was changed outside the recorder or a migration did not finish. Restore a backup, or rebuild it with `recorder replay`."));
        }

        return version == CurrentSchemaVersion
            ? new CheckResult("schema", CheckStatus.Ok, $"schema version {version} (current)")
            : new CheckResult("schema", CheckStatus.Warning, $"schema version {version}, older than {CurrentSchemaVersion}; any writing command (e.g. `recorder analyze --all`) upgrades it in place");
    }

    private static bool HasTable(SqliteConnection connection, string table) =>
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @table", new { table }) > 0;

    private static CheckResult Orphans(SqliteConnection connection)
    {
        // foreign_key_check finds rows whose run, instance, strategy, series or OCO group is missing.
        var violations = connection.Query<(string Table, long? RowId, string Parent, long Fk)>("PRAGMA foreign_key_check").ToList();
        if (violations.Count > 0)
        {
            var byTable = violations.GroupBy(v => (v.Table, v.Parent))
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} in {g.Key.Table} without their {g.Key.Parent} row"));
            return new CheckResult("orphaned rows", CheckStatus.Error, string.Join("; ", byTable) + ". Delete them, or rebuild the file with `recorder replay`.");
        }

        // Fills may arrive before their order (a soft link by design); in an ended run the order should be there.
        var fillsWithoutOrder = connection.ExecuteScalar<long>(
            """
            SELECT COUNT(*) FROM executions x JOIN strategy_runs r ON r.run_id = x.run_id
            WHERE r.status <> 'RUNNING' AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.run_id = x.run_id AND o.order_id = x.order_id)
            """);
        return fillsWithoutOrder == 0
            ? new CheckResult("orphaned rows", CheckStatus.Ok, "none")
            : new CheckResult("orphaned rows", CheckStatus.Warning, $"{fillsWithoutOrder} fill(s) of ended runs whose order was never recorded");
    }
}
