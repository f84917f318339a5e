using System.Data.Common;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Storage.Queries.Sql;

/// <summary>Strategies and instances with their counts.</summary>
internal sealed class SqlCatalogReader : ICatalogReader
{
    private const string InstanceSelect = $"""
        SELECT i.instance_id, i.strategy_id, s.name, i.instance_name, i.parameters_json, i.symbol, i.symbols_json,
               i.timeframe, i.account_id, i.config_hash, i.created_utc,
               (SELECT COUNT(*) FROM strategy_runs r WHERE r.instance_id = i.instance_id),
               (SELECT SUM(m.value) FROM run_metrics_kv m JOIN strategy_runs r ON r.run_id = m.run_id
                WHERE r.instance_id = i.instance_id AND m.key = '{MetricKeys.NetPnl}')
        FROM strategy_instances i LEFT JOIN strategies s ON s.strategy_id = i.strategy_id
        """;

    private readonly ReadConnection connection;

    public SqlCatalogReader(ReadConnection connection) => this.connection = connection;

    public IReadOnlyList<StrategySummary> Strategies() => connection.Read(c => Rows.Query(c, """
        SELECT s.strategy_id, s.name, s.version, s.vendor, s.source_ref, s.created_utc,
               (SELECT COUNT(*) FROM strategy_instances i WHERE i.strategy_id = s.strategy_id),
               (SELECT COUNT(*) FROM strategy_runs r JOIN strategy_instances i ON i.instance_id = r.instance_id
                WHERE i.strategy_id = s.strategy_id),
               (SELECT MAX(r.start_utc) FROM strategy_runs r JOIN strategy_instances i ON i.instance_id = r.instance_id
                WHERE i.strategy_id = s.strategy_id)
        FROM strategies s ORDER BY s.name /*C*/, s.version /*C*/, s.strategy_id /*C*/
        """, r => new StrategySummary
    {
        StrategyId = r.GetString(0), Name = r.Required(1), Version = r.Text(2), Vendor = r.Text(3), SourceRef = r.Text(4),
        CreatedUtc = r.Required(5), Instances = r.Integer(6), Runs = r.Integer(7), LastRunUtc = r.Text(8),
    }));

    public IReadOnlyList<InstanceSummary> Instances(string? strategy = null) => connection.Read(c => Rows.Query(c, InstanceSelect + $"""
         WHERE @strategy IS NULL OR {connection.Dialect.Matches("s.name", "'%' || @strategy || '%'")}
            OR {connection.Dialect.Matches("i.strategy_id", "@strategy || '%'")}
        ORDER BY s.name /*C*/, i.instance_name /*C*/, i.instance_id /*C*/
        """, Map, ("@strategy", strategy)));

    public InstanceSummary? Instance(string instanceId) => connection.Read(c =>
        Rows.Query(c, InstanceSelect + " WHERE i.instance_id = @id", Map, ("@id", instanceId)).FirstOrDefault());

    private static InstanceSummary Map(DbDataReader r) => new()
    {
        InstanceId = r.GetString(0), StrategyId = r.Required(1), StrategyName = r.Text(2), InstanceName = r.Text(3),
        ParametersJson = r.Text(4), Symbol = r.Text(5), SymbolsJson = r.Text(6), Timeframe = r.Text(7),
        AccountId = r.Text(8), ConfigHash = r.Text(9), CreatedUtc = r.Required(10), Runs = r.Integer(11),
        // A sum of stored amounts (at most 8 decimals each) given to 8 decimals: exactly their sum, without the binary noise the
        // addition leaves (docs/metrics.md, "Stored precision"), in a file and in the team store alike.
        NetPnl = r.Real(12) is { } sum ? Analysis.StoredPrecision.Round(sum, Analysis.StoredPrecision.UnknownCurrencyDecimals) : null,
    };
}
