using System.Globalization;
using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Queries.Sql;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Queries.Sqlite;

/// <summary>The checks of `recorder verify`, all read-only, and the schema's versions and sizes.</summary>
internal sealed class SqliteHealthReader : IHealthReader
{
    private readonly ReadConnection connection;

    public SqliteHealthReader(ReadConnection connection) => this.connection = connection;

    public SchemaInfo Schema() => connection.Read(c =>
    {
        var file = new FileInfo(connection.Path);
        var wal = new FileInfo(connection.Path + "-wal");
        return new SchemaInfo(UserVersion(c), MetaVersion(c), RecorderStore.CurrentSchemaVersion, HasTable(c, "run_trades"),
            file.Exists ? file.Length : 0, wal.Exists ? wal.Length : 0);
    });

    public long QuarantinedEvents() => connection.Read(HealthChecks.QuarantinedEvents);

    public HealthReport Check() => connection.Read(c =>
    {
        var results = new List<HealthCheckResult>();
        var integrity = c.Query<string>("PRAGMA integrity_check").AsList();
        results.Add(integrity is ["ok"]
            ? new HealthCheckResult("integrity", HealthStatus.Ok, "PRAGMA integrity_check: ok")
            : new HealthCheckResult("integrity", HealthStatus.Error, "PRAGMA integrity_check: " + string.Join("; ", integrity.Take(5)) + ". Restore a backup, or rebuild with `recorder replay`."));
        results.Add(SchemaCheck(c));
        results.Add(Orphans(c));
        var running = RunningRuns(c);
        var abandoned = AbandonedOf(connection.Path, running);
        var live = running.Count - abandoned.Count;
        results.Add(abandoned.Count == 0
            ? new HealthCheckResult("running runs", HealthStatus.Ok, live == 0 ? "no run left running" : $"{live} run(s) being recorded right now")
            : new HealthCheckResult("running runs", HealthStatus.Error,
                $"{abandoned.Count} run(s) still RUNNING but no recorder holds them (a crash, a kill, or a close that lost events): {string.Join(", ", abandoned)}. Mark them ABANDONED with `recorder verify --fix`."));

        results.Add(HealthChecks.Quarantine(QuarantinedEvents()));
        return new HealthReport(results, abandoned);
    });

    /// <summary>Runs whose status is RUNNING, oldest first.</summary>
    internal static List<string> RunningRuns(DbConnection c) => c.Query<string>(
        "SELECT run_id FROM strategy_runs WHERE status = @running ORDER BY start_utc", new { running = StoredText.Status(RunStatus.Running) }).AsList();

    /// <summary>The RUNNING runs whose lock file is left behind and free: their recorder died.</summary>
    internal static List<string> AbandonedOf(string path, IReadOnlyList<string> running)
    {
        using var locks = new RunLocks(path);
        return running.Where(locks.IsAbandoned).ToList();
    }

    private static HealthCheckResult SchemaCheck(DbConnection c)
    {
        var version = UserVersion(c);
        // The version is kept twice (docs/decisions.md, 1); a file edited by hand or half-migrated can disagree.
        var meta = MetaVersion(c);
        var current = RecorderStore.CurrentSchemaVersion;
        if (meta is not null && meta != version.ToString(CultureInfo.InvariantCulture))
        {
            return new HealthCheckResult("schema", HealthStatus.Error, string.Create(CultureInfo.InvariantCulture,
                $"PRAGMA user_version says {version} but schema_meta.schema_version says {meta}: the file was changed outside the recorder or a migration did not finish. Restore a backup, or rebuild it with `recorder replay`."));
        }

        return version == current
            ? new HealthCheckResult("schema", HealthStatus.Ok, $"schema version {version} (current)")
            : new HealthCheckResult("schema", HealthStatus.Warning, $"schema version {version}, older than {current}; any writing command (e.g. `recorder analyze --all`) upgrades it in place");
    }

    private static long UserVersion(DbConnection c) => c.ExecuteScalar<long>("PRAGMA user_version");

    private static string? MetaVersion(DbConnection c) => HasTable(c, "schema_meta")
        ? c.ExecuteScalar("SELECT value FROM schema_meta WHERE key = 'schema_version'") as string
        : null;

    internal static bool HasTable(DbConnection c, string table) =>
        c.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @table", new { table }) > 0;

    private static HealthCheckResult Orphans(DbConnection c)
    {
        // foreign_key_check finds rows whose run, instance, strategy, series or OCO group is missing.
        var violations = c.Query<ForeignKeyViolation>("PRAGMA foreign_key_check").AsList();
        if (violations.Count > 0)
        {
            var byTable = violations.GroupBy(v => (v.Table, v.Parent))
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} in {g.Key.Table} without their {g.Key.Parent} row"));
            return new HealthCheckResult("orphaned rows", HealthStatus.Error, string.Join("; ", byTable) + ". Delete them, or rebuild the file with `recorder replay`.");
        }

        return HealthChecks.FillsWithoutOrder(c);
    }

    // A row of PRAGMA foreign_key_check: the table holding the row and the table its missing parent is in.
    private sealed record ForeignKeyViolation
    {
        public string Table { get; init; } = "";

        public string Parent { get; init; } = "";
    }
}
