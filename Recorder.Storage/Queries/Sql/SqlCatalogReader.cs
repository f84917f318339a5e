using System.Data.Common;
using Dapper;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Storage.Queries.Sql;

/// <summary>Strategies and instances with their counts.</summary>
internal sealed class SqlCatalogReader : ICatalogReader
{
    private const string InstanceSelect = $"""
        SELECT i.instance_id, i.strategy_id, s.name AS strategy_name, i.instance_name, i.parameters_json, i.symbol, i.symbols_json,
               i.timeframe, i.account_id, i.config_hash, i.created_utc,
               (SELECT COUNT(*) FROM strategy_runs r WHERE r.instance_id = i.instance_id) AS runs,
               (SELECT SUM(m.value) FROM run_metrics_kv m JOIN strategy_runs r ON r.run_id = m.run_id
                WHERE r.instance_id = i.instance_id AND m.key = '{MetricKeys.NetPnl}') AS net_pnl
        FROM strategy_instances i LEFT JOIN strategies s ON s.strategy_id = i.strategy_id
        """;

    private readonly ReadConnection connection;

    public SqlCatalogReader(ReadConnection connection) => this.connection = connection;

    public IReadOnlyList<StrategySummary> Strategies() => connection.Read(c => c.Query<StrategySummary>("""
        SELECT s.strategy_id, s.name, s.version, s.vendor, s.source_ref, s.created_utc,
               (SELECT COUNT(*) FROM strategy_instances i WHERE i.strategy_id = s.strategy_id) AS instances,
               (SELECT COUNT(*) FROM strategy_runs r JOIN strategy_instances i ON i.instance_id = r.instance_id
                WHERE i.strategy_id = s.strategy_id) AS runs,
               (SELECT MAX(r.start_utc) FROM strategy_runs r JOIN strategy_instances i ON i.instance_id = r.instance_id
                WHERE i.strategy_id = s.strategy_id) AS last_run_utc
        FROM strategies s ORDER BY s.name /*C*/, s.version /*C*/, s.strategy_id /*C*/
        """).AsList());

    public IReadOnlyList<InstanceSummary> Instances(string? strategy = null) => connection.Read(c => c.Query<InstanceSummary>(InstanceSelect + $"""
         WHERE @strategy IS NULL OR {connection.Dialect.Matches("s.name", "'%' || @strategy || '%'")}
            OR {connection.Dialect.Matches("i.strategy_id", "@strategy || '%'")}
        ORDER BY s.name /*C*/, i.instance_name /*C*/, i.instance_id /*C*/
        """, new { strategy }).Select(Rounded).ToList());

    public InstanceSummary? Instance(string instanceId) => connection.Read(c =>
        c.Query<InstanceSummary>(InstanceSelect + " WHERE i.instance_id = @id", new { id = instanceId }).Select(Rounded).FirstOrDefault());

    // A sum of stored amounts (at most 8 decimals each) given to 8 decimals: exactly their sum, without the binary noise the
    // addition leaves (docs/metrics.md, "Stored precision"), in a file and in the team store alike.
    private static InstanceSummary Rounded(InstanceSummary instance) => instance with
    {
        NetPnl = instance.NetPnl is { } sum ? Analysis.StoredPrecision.Round(sum, Analysis.StoredPrecision.UnknownCurrencyDecimals) : null,
    };
}
