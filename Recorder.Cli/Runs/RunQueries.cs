using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage;

namespace QuantowerRecorder.Cli.Runs;

/// <summary>Reads runs with their instance, strategy, row counts and headline metrics.</summary>
internal static class RunQueries
{
    private const string Select = """
        SELECT r.run_id, r.instance_id, i.instance_name, s.strategy_id, s.name AS strategy_name,
               s.version AS strategy_version, r.run_type, r.status, r.start_utc, r.end_utc, r.initial_balance,
               r.base_currency, r.data_source, r.engine_version, r.error_message, i.parameters_json, i.symbol,
               i.timeframe, i.account_id,
               (SELECT COUNT(*) FROM orders o WHERE o.run_id = r.run_id) AS order_count,
               (SELECT COUNT(*) FROM executions x WHERE x.run_id = r.run_id) AS execution_count,
               (SELECT COUNT(*) FROM bars b JOIN run_series rs ON rs.series_id = b.series_id WHERE rs.run_id = r.run_id) AS bar_count,
               (SELECT value FROM run_metrics_kv m WHERE m.run_id = r.run_id AND m.key = 'trade_count') AS trade_count,
               (SELECT value FROM run_metrics_kv m WHERE m.run_id = r.run_id AND m.key = 'net_pnl') AS net_pnl
        FROM strategy_runs r
        LEFT JOIN strategy_instances i ON i.instance_id = r.instance_id
        LEFT JOIN strategies s ON s.strategy_id = i.strategy_id
        """;

    public static IReadOnlyList<RunRow> List(SqliteConnection connection, RunFilter filter)
    {
        var where = new List<string>();
        var args = new DynamicParameters();
        if (filter.Strategy is { } strategy)
        {
            // SQLite's LIKE ignores ASCII case: "breakout" finds "Demo Breakout".
            where.Add("(s.name LIKE @strategy OR s.strategy_id LIKE @strategyPrefix)");
            args.Add("strategy", "%" + strategy + "%");
            args.Add("strategyPrefix", strategy + "%");
        }

        if (filter.Instance is { } instance)
        {
            where.Add("(i.instance_name LIKE @instance OR r.instance_id LIKE @instancePrefix)");
            args.Add("instance", "%" + instance + "%");
            args.Add("instancePrefix", instance + "%");
        }

        if (filter.RunType is { } type)
        {
            where.Add("r.run_type = @type");
            args.Add("type", type.ToUpperInvariant());
        }

        if (filter.Status is { } status)
        {
            where.Add("r.status = @status");
            args.Add("status", status.ToUpperInvariant());
        }

        if (filter.SinceUtc is { } since)
        {
            where.Add("r.start_utc >= @since");
            args.Add("since", Timestamps.Format(since));
        }

        if (filter.UntilUtc is { } until)
        {
            where.Add("r.start_utc < @until");
            args.Add("until", Timestamps.Format(until));
        }

        var sql = Select + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " ORDER BY r.start_utc, r.run_id";
        return connection.Query<RunRow>(sql, args).ToList();
    }

    public static RunRow Get(SqliteConnection connection, string runId) =>
        connection.QuerySingle<RunRow>(Select + " WHERE r.run_id = @runId", new { runId });

    public static IReadOnlyList<string> AllIds(SqliteConnection connection) =>
        connection.Query<string>("SELECT run_id FROM strategy_runs ORDER BY start_utc, run_id").ToList();
}
