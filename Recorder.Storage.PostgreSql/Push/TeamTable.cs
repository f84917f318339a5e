using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Merging;

namespace QuantowerRecorder.Storage.PostgreSql.Push;

/// <summary>
/// One recorder table as push copies it: its natural key, how it merges, which source rows belong to a run, and which
/// of them can have changed since the run's mark.
/// </summary>
/// <param name="Name">The table.</param>
/// <param name="Key">Its natural key.</param>
/// <param name="Rule">How its rows merge.</param>
/// <param name="RunFilter">A run's rows ($run; the raw log's also $after and $last).</param>
/// <param name="ChangedFrom">
/// The FROM clause of a run's rows that events after the mark ($after, up to $last) can have written; null when the table
/// is sent by its <paramref name="RunFilter"/> (a run's one or few rows; derived rows, which go with the analysis; the
/// raw log, whose filter is already the events after the mark).
/// </param>
/// <param name="IgnoredInComparison">Columns that may differ between two copies of a row without a conflict.</param>
internal sealed record TeamTable(string Name, string[] Key, MergeRule Rule, string RunFilter, string? ChangedFrom, string[] IgnoredInComparison)
{
    private const string RawLogAfterMark = "run_id = $run AND id > $after AND id <= $last";

    private const string SeriesOfRun = "series_id IN (SELECT series_id FROM run_series WHERE run_id = $run)";

    /// <summary>
    /// Storage's one list of tables (<see cref="MergeTable.All"/>: keys, rules, order), with which source rows belong to a
    /// run and which can have changed since a mark, what push adds.
    /// </summary>
    /// <remarks>
    /// bars is a view (team schema 15, as a file's since its schema 17): push reads each series' bars from the file's
    /// v_series_bars into series_bars' stage, and <see cref="TeamBars"/> stores them under the team's markets.
    /// </remarks>
    public static readonly TeamTable[] All = MergeTable.All
        // The journal belongs to no run: TeamJournal sends it after the runs, past its own mark.
        .Where(t => t.Rule != MergeRule.Journal)
        .Select(t => t.Name == "bars" ? Of("series_bars", ["series_id", "ts"], t) : Of(t.Name, [.. t.Key], t))
        .ToArray();

    /// <summary>Whether the key holds the run id: a run the team has never seen has no rows in the table.</summary>
    public bool KeyHasRun => Key.Contains("run_id");

    /// <summary>A series' bars: staged from the file's v_series_bars, merged by <see cref="TeamBars"/>.</summary>
    public bool Bars => Name == "series_bars";

    /// <summary>What the source file's rows are read from.</summary>
    public string Source => Bars ? "v_series_bars" : Name;

    /// <summary>Rows an analysis writes: sent when the run's analysis is not the one the team has (metrics_json).</summary>
    public bool Derived => AnalysisRows.Tables.Contains(Name);

    private static TeamTable Of(string name, string[] key, MergeTable table) =>
        new(name, key, table.Rule, RunFilterOf(name), ChangedFromOf(name), [.. table.IgnoredInComparison]);

    private static string RunFilterOf(string table) => table switch
    {
        "strategies" =>
            "strategy_id = (SELECT i.strategy_id FROM strategy_instances i JOIN strategy_runs r ON r.instance_id = i.instance_id WHERE r.run_id = $run)",
        "strategy_instances" => "instance_id = (SELECT instance_id FROM strategy_runs WHERE run_id = $run)",
        "series_bars" => SeriesOfRun,
        "ingest_events" => RawLogAfterMark,
        _ => "run_id = $run",
    };

    // Every write to these tables comes from an event of the raw log that names the row's key (the writer's statements;
    // an order's event also moves its OCO links' impact), so the events after the mark name every row that changed.
    // A series' bars change from the earliest bar time its new events name (Since): every bar a batch stores is in its
    // series' BARS_STORED stretch, so a series whose stretch grew or whose own values changed is named there.
    private static string? ChangedFromOf(string table) => table switch
    {
        "series_bars" => $"""
            ({Since}) n JOIN v_series_bars ON v_series_bars.series_id = n.changed_series AND v_series_bars.ts >= n.changed_since
            WHERE v_series_bars.{SeriesOfRun}
            """,
        "orders" => Named(table, "order_id", "'ORDER', 'EXECUTION', 'OCO_LINK'"),
        "executions" => Named(table, "execution_id", "'EXECUTION'"),
        "order_oco_groups" => Named(table, "oco_group_id", "'OCO_GROUP', 'OCO_LINK'"),
        "order_oco_links" => Named(table, "order_id", "'ORDER', 'OCO_LINK'"),
        "order_decisions" => Named(table, "decision_id", "'DECISION'"),
        _ => null,
    };

    // Per series of the run with new bars: the earliest bar time its new stretch rows (and stale BAR rows) name, as
    // market_bars.ts, from the whole second (a payload's time may be written without the stored fraction).
    private const string Since = $"""
        SELECT json_extract(payload_json, '$.series_id') AS changed_series,
               MIN(CAST(strftime('%s', substr(COALESCE(json_extract(payload_json, '$.open_utc'), json_extract(payload_json, '$.first_utc')), 1, 19)) AS INTEGER)) * 10000000 AS changed_since
        FROM ingest_events WHERE {RawLogAfterMark} AND event_type IN ('BAR', 'BARS_STORED', 'BARS_SHARED') GROUP BY 1
        """;

    private static string Named(string table, string key, string events) =>
        $"{table} WHERE run_id = $run AND {key} IN (SELECT json_extract(payload_json, '$.{key}') FROM ingest_events WHERE {RawLogAfterMark} AND event_type IN ({events}))";
}
