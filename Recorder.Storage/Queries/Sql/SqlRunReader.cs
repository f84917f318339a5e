using System.Data.Common;
using System.Text;
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

    // A run's row, with its metrics_json (metrics of an older file, and the analysis' notes) for Detail.
    private readonly string detailSelect;

    private const string Columns = $"""
        r.run_id, r.instance_id, i.instance_name, s.strategy_id, s.name, s.version, r.run_type, r.status,
               r.start_utc, r.end_utc, r.initial_balance, r.base_currency, r.data_source, r.engine_version,
               r.error_message, i.parameters_json, i.symbol, i.timeframe, i.account_id,
               (SELECT COUNT(*) FROM orders o WHERE o.run_id = r.run_id),
               (SELECT COUNT(*) FROM executions x WHERE x.run_id = r.run_id),
               (SELECT COUNT(*) FROM bars b JOIN run_series rs ON rs.series_id = b.series_id WHERE rs.run_id = r.run_id),
               (SELECT value FROM run_metrics_kv m WHERE m.run_id = r.run_id AND m.key = '{MetricKeys.TradeCount}') AS trade_count,
               (SELECT value FROM run_metrics_kv m WHERE m.run_id = r.run_id AND m.key = '{MetricKeys.NetPnl}') AS net_pnl,
               (SELECT value FROM run_metrics_kv m WHERE m.run_id = r.run_id AND m.key = '{MetricKeys.Sharpe}') AS sharpe,
               (SELECT value FROM run_metrics_kv m WHERE m.run_id = r.run_id AND m.key = '{MetricKeys.MaxDrawdown}') AS max_drawdown,
               (SELECT value FROM run_metrics_kv m WHERE m.run_id = r.run_id AND m.key = '{MetricKeys.WinRate}') AS win_rate,
               {AsOf}, {WholeRun}, r.processed_count, r.total_count, r.progress_percent, r.created_utc
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
            var runs = Rows.Query(c, $"{select}{where} ORDER BY {order}, r.run_id /*C*/ {direction}{page}", Map, args);
            var total = (long)Rows.Scalar(c, $"SELECT COUNT(*) {From}{where}", args)!;
            return new RunPage(runs, total, query.Offset, query.Limit);
        });
    }

    public RunSummary? Get(string runId) =>
        connection.Read(c => Rows.Query(c, select + " WHERE r.run_id = @run", Map, ("@run", runId)).FirstOrDefault());

    public RunDetail? Detail(string runId) => connection.Read(c =>
    {
        // The run's row once: its summary and metrics_json together (as stored, as Performance reads it); then its
        // instruments and stored metrics.
        if (Rows.Query(c, detailSelect + " WHERE r.run_id = @run", r => (Run: Map(r), Json: r.IsDBNull(33) ? null : r.GetString(33)), ("@run", runId)) is not [var row])
        {
            return null;
        }

        var metrics = SqlPerformanceReader.Metrics(c, runId, () => row.Json);
        return new RunDetail(row.Run, Instruments(runId), metrics, MetricsJson.Notes(row.Json));
    });

    public IReadOnlyList<RunInstrument> Instruments(string runId) => connection.Read(c => Rows.Query(c, """
        SELECT symbol, tick_size, tick_value, point_value, lot_size, currency, account_currency, symbol_type, exchange,
               expiration_utc
        FROM run_instruments WHERE run_id = @run ORDER BY symbol /*C*/
        """, r => new RunInstrument
    {
        Symbol = r.GetString(0), TickSize = r.Real(1), TickValue = r.Real(2), PointValue = r.Real(3), LotSize = r.Real(4),
        Currency = r.Text(5), AccountCurrency = r.Text(6), SymbolType = r.Text(7), Exchange = r.Text(8), ExpirationUtc = r.Text(9),
    }, ("@run", runId)));

    public RunActivity Activity(string runId, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return connection.Read(c =>
        {
            if (Rows.Scalar(c, "SELECT MAX(event_utc) FROM ingest_events WHERE run_id = @run", ("@run", runId)) is not string newest)
            {
                return new RunActivity(null, 0, window);
            }

            var since = Timestamps.Format(Timestamps.Parse(newest) - window);
            var events = Convert.ToInt64(Rows.Scalar(c, "SELECT COUNT(*) FROM ingest_events WHERE run_id = @run AND event_utc >= @since",
                ("@run", runId), ("@since", since)), System.Globalization.CultureInfo.InvariantCulture);
            return new RunActivity(newest, events, window);
        });
    }

    public IReadOnlyList<string> Ids() =>
        connection.Read(c => Rows.Query(c, "SELECT run_id FROM strategy_runs ORDER BY start_utc, run_id /*C*/", r => r.GetString(0)));

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
                var candidates = Rows.Query(c,
                    "SELECT run_id FROM strategy_runs WHERE run_id /*C*/ >= @from AND run_id /*C*/ < @beyond ORDER BY run_id /*C*/",
                    r => r.GetString(0), ("@from", upper), ("@beyond", beyond));
                var found = IdResolution.Resolve(candidates, text);
                if (found.Matches.Count > 0)
                {
                    return found;
                }
            }

            return IdResolution.Resolve(Rows.Query(c, "SELECT run_id FROM strategy_runs ORDER BY run_id /*C*/", r => r.GetString(0)), text);
        });
    }

    private static RunSummary Map(DbDataReader r) => new()
    {
        RunId = r.GetString(0), InstanceId = r.Required(1), InstanceName = r.Text(2), StrategyId = r.Text(3),
        StrategyName = r.Text(4), StrategyVersion = r.Text(5), RunType = r.Required(6), Status = r.Required(7),
        StartUtc = r.Required(8), EndUtc = r.Text(9), InitialBalance = r.Real(10), BaseCurrency = r.Text(11),
        DataSource = r.Text(12), EngineVersion = r.Text(13), ErrorMessage = r.Text(14), ParametersJson = r.Text(15),
        Symbol = r.Text(16), Timeframe = r.Text(17), AccountId = r.Text(18), OrderCount = r.Integer(19),
        ExecutionCount = r.Integer(20), BarCount = r.Integer(21), TradeCount = r.Real(22), NetPnl = r.Real(23),
        AnalysisAsOfUtc = r.Text(27), AnalysisWholeRun = r.IsDBNull(28) ? null : r.GetValue(28) switch
        {
            // SQLite's json_extract gives a JSON boolean as 0 or 1, PostgreSQL's ->> as text.
            long n => n != 0,
            string text => text == "true",
            _ => null,
        },
        ProgressProcessed = r.IsDBNull(29) ? 0 : r.GetInt64(29), ProgressTotal = r.IsDBNull(30) ? null : r.GetInt64(30),
        ProgressPercent = r.Real(31), CreatedUtc = r.Text(32),
    };
}
