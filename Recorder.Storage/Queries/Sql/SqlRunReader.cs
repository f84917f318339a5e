using System.Text;
using Dapper;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Storage.Queries.Sql;

/// <summary>Runs with their instance, strategy, row counts and headline metrics.</summary>
internal sealed class SqlRunReader : IRunReader
{
    // What the stored analysis is as of, and whether it is the whole run's, from metrics_json (MetricsSummary) by the
    // store's JSON syntax: the placeholders below.
    private const string AsOf = "@@as_of_utc@@";
    private const string WholeRun = "@@whole_run@@";

    private readonly string select;

    // A run's row, with its metrics_json (metrics of an older file, and the analysis' notes) for Detail, read apart from
    // the summary's columns.
    private readonly string detailSelect;

    private const string Columns = $"""
        r.run_id, r.instance_id, i.instance_name, s.strategy_id, s.name AS strategy_name, s.version AS strategy_version, r.run_type, r.status,
               r.start_utc, r.end_utc, r.initial_balance, r.base_currency, r.data_source, r.engine_version,
               r.error_message, i.parameters_json, i.symbol, i.timeframe, i.account_id,
               (SELECT COUNT(*) FROM orders o WHERE o.run_id = r.run_id) AS order_count,
               (SELECT COUNT(*) FROM executions x WHERE x.run_id = r.run_id) AS execution_count,
               {RunBarCount.Placeholder} AS bar_count,
               (SELECT value FROM run_metrics_kv m WHERE m.run_id = r.run_id AND m.key = '{MetricKeys.TradeCount}') AS trade_count,
               (SELECT value FROM run_metrics_kv m WHERE m.run_id = r.run_id AND m.key = '{MetricKeys.NetPnl}') AS net_pnl,
               (SELECT value FROM run_metrics_kv m WHERE m.run_id = r.run_id AND m.key = '{MetricKeys.Sharpe}') AS sharpe,
               (SELECT value FROM run_metrics_kv m WHERE m.run_id = r.run_id AND m.key = '{MetricKeys.MaxDrawdown}') AS max_drawdown,
               (SELECT value FROM run_metrics_kv m WHERE m.run_id = r.run_id AND m.key = '{MetricKeys.WinRate}') AS win_rate,
               {AsOf} AS analysis_as_of_utc, r.processed_count AS progress_processed, r.total_count AS progress_total,
               r.progress_percent, r.created_utc, {WholeRun} AS analysis_whole_run
        """;

    // The tables a run filter (RunFilterSql) speaks of.
    private const string From = """
        FROM strategy_runs r
        LEFT JOIN strategy_instances i ON i.instance_id = r.instance_id
        LEFT JOIN strategies s ON s.strategy_id = i.strategy_id
        """;

    private readonly ReadConnection connection;
    private readonly SqlJournalReader journal;

    public SqlRunReader(ReadConnection connection, SqlJournalReader journal)
    {
        this.connection = connection;
        this.journal = journal;
        select = WithAnalysisFields($"SELECT {Columns} {From}", connection.Dialect);
        detailSelect = WithAnalysisFields($"SELECT {Columns}, r.metrics_json {From}", connection.Dialect);
    }

    // A file's metrics_json may have been edited by hand: text that is not JSON reads as no field, not as an error.
    private static string WithAnalysisFields(string sql, ReadDialect dialect) => dialect.IsSqlite
        ? sql.Replace(AsOf, "CASE WHEN json_valid(r.metrics_json) THEN json_extract(r.metrics_json, '$.as_of_utc') END", StringComparison.Ordinal)
            .Replace(WholeRun, "CASE WHEN json_valid(r.metrics_json) THEN json_extract(r.metrics_json, '$.whole_run') END", StringComparison.Ordinal)
        : sql.Replace(AsOf, dialect.JsonField("r.metrics_json", "as_of_utc"), StringComparison.Ordinal)
            .Replace(WholeRun, dialect.JsonField("r.metrics_json", "whole_run"), StringComparison.Ordinal);

    public RunPage List(RunQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Offset < 0 || query.Limit is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(query), "Offset and Limit must be 0 or more.");
        }

        var direction = query.Descending ? "DESC" : "ASC";
        // Runs without the metric (not analysed) come first ascending and last descending, in both stores (PostgreSQL
        // puts NULL the other way round unless told).
        var nulls = query.Descending ? "NULLS LAST" : "NULLS FIRST";
        var metric = query.Sort switch
        {
            RunSort.NetPnl => "net_pnl",
            RunSort.TradeCount => "trade_count",
            RunSort.Sharpe => "sharpe",
            RunSort.MaxDrawdown => "max_drawdown",
            RunSort.WinRate => "win_rate",
            _ => null,
        };
        var order = metric is null ? $"r.start_utc {direction}" : $"{metric} {direction} {nulls}, r.start_utc {direction}";
        var page = query.Limit is { } limit
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" LIMIT {limit} OFFSET {query.Offset}")
            : query.Offset > 0 ? connection.Dialect.OffsetOnly(query.Offset) : "";
        return connection.Read(c =>
        {
            var (where, args) = RunFilterSql.Where(query, connection.Dialect, (query.Tag is null && query.Pinned is null) || journal.Exists(c));
            var runs = Query(c, $"{RunBarCount.In(select, c, connection.Dialect)}{where} ORDER BY {order}, r.run_id /*C*/ {direction}{page}", args);
            var total = c.ExecuteScalar<long>($"SELECT COUNT(*) {From}{where}", args);
            return new RunPage(runs, total, query.Offset, query.Limit);
        });
    }

    public RunSummary? Get(string runId) =>
        connection.Read(c => Query(c, RunBarCount.In(select, c, connection.Dialect) + " WHERE r.run_id = @run", new { run = runId }).FirstOrDefault());

    public RunDetail? Detail(string runId) => connection.Read(c =>
    {
        // The run's row once: its summary and metrics_json together (as stored, as Performance reads it); then its
        // instruments and stored metrics.
        if (c.Query<RunSummary, MetricsJsonColumn, (RunSummary Run, string? Json)>(RunBarCount.In(detailSelect, c, connection.Dialect) + " WHERE r.run_id = @run",
                static (run, json) => (run, json?.MetricsJson), new { run = runId }, splitOn: "metrics_json").AsList() is not [var row])
        {
            return null;
        }

        var metrics = SqlPerformanceReader.Metrics(c, runId, () => row.Json);
        return new RunDetail(row.Run, Instruments(runId), metrics, MetricsJson.Notes(row.Json));
    });

    public IReadOnlyList<RunInstrument> Instruments(string runId) => connection.Read(c => c.Query<RunInstrument>("""
        SELECT symbol, tick_size, tick_value, point_value, lot_size, currency, account_currency, symbol_type, exchange,
               expiration_utc
        FROM run_instruments WHERE run_id = @run ORDER BY symbol /*C*/
        """, new { run = runId }).AsList());

    public RunActivity Activity(string runId, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return connection.Read(c =>
        {
            if (c.ExecuteScalar("SELECT MAX(event_utc) FROM ingest_events WHERE run_id = @run", new { run = runId }) is not string newest)
            {
                return new RunActivity(null, 0, window);
            }

            var since = Timestamps.Format(Timestamps.Parse(newest) - window);
            var events = c.ExecuteScalar<long>("SELECT COUNT(*) FROM ingest_events WHERE run_id = @run AND event_utc >= @since",
                new { run = runId, since });
            return new RunActivity(newest, events, window);
        });
    }

    public IReadOnlyList<string> Ids() =>
        connection.Read(c => c.Query<string>("SELECT run_id FROM strategy_runs ORDER BY start_utc, run_id /*C*/").AsList());

    public RunResolution Resolve(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return connection.Read(c =>
        {
            // The ids the text can be a prefix of, ignoring case, lie between its upper case and its lower case: one range
            // of the primary key, read in the order IdResolution takes every id in. Only when none matches (to say which
            // ids are close) or for a text an ASCII range cannot bound are all ids read.
            var wanted = text.Trim();
            if (wanted.Length > 0 && Ascii.IsValid(wanted))
            {
                var upper = wanted.ToUpperInvariant();
                var lower = wanted.ToLowerInvariant();
                var beyond = string.Concat(lower.AsSpan(0, lower.Length - 1), ((char)(lower[^1] + 1)).ToString());
                var candidates = c.Query<string>(
                    "SELECT run_id FROM strategy_runs WHERE run_id /*C*/ >= @from AND run_id /*C*/ < @beyond ORDER BY run_id /*C*/",
                    new { from = upper, beyond }).AsList();
                var found = IdResolution.Resolve(candidates, text);
                if (found.Matches.Count > 0)
                {
                    return found;
                }
            }

            return IdResolution.Resolve(c.Query<string>("SELECT run_id FROM strategy_runs ORDER BY run_id /*C*/").AsList(), text);
        });
    }

    private static List<RunSummary> Query(System.Data.Common.DbConnection c, string sql, object args) => c.Query<RunSummary>(sql, args).AsList();

    private sealed record MetricsJsonColumn(string? MetricsJson);
}
