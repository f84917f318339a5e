using System.Data.Common;
using System.Globalization;
using Dapper;
using QuantowerRecorder.Storage.Queries.Sql;

namespace QuantowerRecorder.Storage.Queries.PostgreSql;

/// <summary>
/// What the team store says about itself. The file checks of `recorder verify` (integrity_check, lock files) have no
/// meaning in a server database: it reports the schema it mirrors, its size, runs left RUNNING as pushed, fills whose
/// order never arrived and quarantined events.
/// </summary>
internal sealed class TeamHealthReader : IHealthReader
{
    private readonly ReadConnection connection;

    public TeamHealthReader(ReadConnection connection) => this.connection = connection;

    /// <summary>
    /// UserVersion is the SQLite schema version whose tables the team schema holds (schema_meta.sqlite_schema_version),
    /// MetaVersion the team schema's own version, FileBytes the database's size; there is no write-ahead file.
    /// </summary>
    public SchemaInfo Schema() => connection.Read(c => new SchemaInfo(
        MirroredVersion(c), Meta(c, "schema_version"), RecorderStore.CurrentSchemaVersion,
        Count(c, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'run_trades'") > 0,
        Count(c, "SELECT pg_database_size(current_database())"), 0));

    public long QuarantinedEvents() => connection.Read(HealthChecks.QuarantinedEvents);

    public HealthReport Check() => connection.Read(c =>
    {
        var results = new List<HealthCheckResult>
        {
            new("integrity", HealthStatus.Ok, "a PostgreSQL database: the server keeps its own integrity (no file check applies)"),
        };
        var mirrored = MirroredVersion(c);
        var current = RecorderStore.CurrentSchemaVersion;
        results.Add(mirrored == current
            ? new HealthCheckResult("schema", HealthStatus.Ok, string.Create(CultureInfo.InvariantCulture, $"team schema {Meta(c, "schema_version")}, holding SQLite schema version {mirrored} (current)"))
            : new HealthCheckResult("schema", HealthStatus.Warning, string.Create(CultureInfo.InvariantCulture,
                $"the team schema holds SQLite schema version {mirrored}, this recorder reads version {current}; a `recorder push` from the newer of the two upgrades it")));

        results.Add(HealthChecks.FillsWithoutOrder(c));

        // Whether a RUNNING run's recorder is alive is known only on the terminal that records it (its lock file).
        var running = Count(c, "SELECT COUNT(*) FROM strategy_runs WHERE status = 'RUNNING'");
        results.Add(new HealthCheckResult("running runs", HealthStatus.Ok, running == 0
            ? "no run left running"
            : string.Create(CultureInfo.InvariantCulture, $"{running} run(s) RUNNING as last pushed; `recorder verify` on their terminal's file tells whether they were abandoned")));

        results.Add(HealthChecks.Quarantine(QuarantinedEvents()));
        return new HealthReport(results, []);
    });

    private static long MirroredVersion(DbConnection c) =>
        long.TryParse(Meta(c, "sqlite_schema_version"), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : 0;

    private static string? Meta(DbConnection c, string key) =>
        c.ExecuteScalar("SELECT value FROM schema_meta WHERE key = @key", new { key }) as string;

    private static long Count(DbConnection c, string sql) => c.ExecuteScalar<long>(sql);
}
