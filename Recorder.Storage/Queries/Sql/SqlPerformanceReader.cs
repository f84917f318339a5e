using Dapper;

namespace QuantowerRecorder.Storage.Queries.Sql;

/// <summary>Stored metrics, notes, equity and closed-trade PnL.</summary>
internal sealed class SqlPerformanceReader : IPerformanceReader
{
    private readonly ReadConnection connection;

    public SqlPerformanceReader(ReadConnection connection) => this.connection = connection;

    public IReadOnlyList<MetricValue> Metrics(string runId) => connection.Read(c => Metrics(c, runId, () => StoredJson(c, runId)));

    /// <summary>
    /// The run's stored metrics: its rows of run_metrics_kv, by key, else (an older file may have only metrics_json)
    /// those of <paramref name="metricsJson"/>, its metrics_json, read only then.
    /// </summary>
    internal static IReadOnlyList<MetricValue> Metrics(System.Data.Common.DbConnection c, string runId, Func<string?> metricsJson)
    {
        var rows = c.Query<MetricValue>("SELECT key, value, unit FROM run_metrics_kv WHERE run_id = @run ORDER BY key /*C*/",
            new { run = runId }).AsList();
        return rows.Count > 0 ? rows : MetricsJson.Metrics(metricsJson());
    }

    public AnalysisNotes Notes(string runId) => connection.Read(c => MetricsJson.Notes(StoredJson(c, runId)));

    public IReadOnlyList<string> Currencies(IReadOnlyList<string> runIds)
    {
        return connection.Read(c => c.Query<string>(
            "SELECT DISTINCT currency /*C*/ AS currency FROM run_instruments WHERE currency IS NOT NULL AND run_id IN @runIds ORDER BY 1",
            new { runIds }).AsList());
    }

    public IReadOnlyList<EquityRow> Equity(string runId) => connection.Read(c => Analysis.EquityStrides.Read(c, runId));

    public IReadOnlyList<double> ClosedTradePnl(IReadOnlyList<string> runIds)
    {
        return connection.Read(c => c.Query<double>(
            "SELECT net_pnl FROM run_trades WHERE is_open = 0 AND net_pnl IS NOT NULL AND run_id IN @runIds ORDER BY exit_utc, run_id, trade_no",
            new { runIds }).AsList());
    }

    public IReadOnlyList<MetricValue> Aggregate(IReadOnlyList<string> runIds) => connection.Read(_ => InstanceMetrics.Of(this, runIds));

    public Analysis.StoredInsight? Insight(string runId) => connection.Read(c => Analysis.InsightReader.Read(c, runId, connection.Dialect));

    public Analytics.RunInput AnalysisInput(string runId) => connection.Read(c => Analysis.RunLoader.Load(c, runId, connection.Dialect));

    public IReadOnlyList<Analytics.BarSeries> AnalysisBars(string runId) => connection.Read(c => Analysis.RunLoader.Bars(c, runId));

    private static string? StoredJson(System.Data.Common.DbConnection c, string runId) =>
        c.ExecuteScalar("SELECT metrics_json FROM strategy_runs WHERE run_id = @run", new { run = runId }) as string;
}
