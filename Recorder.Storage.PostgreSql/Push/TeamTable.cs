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
    /// bars is stored as a file stores it (team schema 12): bar_shares, whole for a run, then the bar_data its series
    /// recorded themselves; the stretches they share from series the team does not hold yet are added by
    /// <see cref="ChunkTransaction"/>.
    /// </remarks>
    public static readonly TeamTable[] All = MergeTable.All
        // The journal belongs to no run: TeamJournal sends it after the runs, past its own mark.
        .Where(t => t.Rule != MergeRule.Journal)
        .SelectMany(t => t.Name == "bars"
            ? new[] { Of("bar_shares", ["series_id", "first_utc"], t), Of("bar_data", [.. t.Key], t) }
            : [Of(t.Name, [.. t.Key], t)])
        .ToArray();

    /// <summary>Whether the key holds the run id: a run the team has never seen has no rows in the table.</summary>
    public bool KeyHasRun => Key.Contains("run_id");

    /// <summary>Rows an analysis writes: sent when the run's analysis is not the one the team has (metrics_json).</summary>
    public bool Derived => AnalysisRows.Tables.Contains(Name);

    private static TeamTable Of(string name, string[] key, MergeTable table) =>
        new(name, key, table.Rule, RunFilterOf(name), ChangedFromOf(name), [.. table.IgnoredInComparison]);

    private static string RunFilterOf(string table) => table switch
    {
        "strategies" =>
            "strategy_id = (SELECT i.strategy_id FROM strategy_instances i JOIN strategy_runs r ON r.instance_id = i.instance_id WHERE r.run_id = $run)",
        "strategy_instances" => "instance_id = (SELECT instance_id FROM strategy_runs WHERE run_id = $run)",
        "bar_shares" or "bar_data" => SeriesOfRun,
        "ingest_events" => RawLogAfterMark,
        _ => "run_id = $run",
    };

    // Every write to these tables comes from an event of the raw log that names the row's key (the writer's statements;
    // an order's event also moves its OCO links' impact), so the events after the mark name every row that changed.
    // A series' own bars change from the earliest bar time its new events name (Since); its shares go whole.
    private static string? ChangedFromOf(string table) => table switch
    {
        "bar_data" => $"""
            ({Since}) n JOIN bar_data ON bar_data.series_id = n.changed_series AND bar_data.ts_utc >= n.changed_since
            WHERE bar_data.{SeriesOfRun}
            """,
        "orders" => Named(table, "order_id", "'ORDER', 'EXECUTION', 'OCO_LINK'"),
        "executions" => Named(table, "execution_id", "'EXECUTION'"),
        "order_oco_groups" => Named(table, "oco_group_id", "'OCO_GROUP', 'OCO_LINK'"),
        "order_oco_links" => Named(table, "order_id", "'ORDER', 'OCO_LINK'"),
        "order_decisions" => Named(table, "decision_id", "'DECISION'"),
        _ => null,
    };

    /// <summary>
    /// Per series of the run with new bars: the earliest bar time its new BAR and BARS_SHARED events name (the first 19
    /// characters: the payload's time may be written without the stored fraction). Columns changed_series, changed_since.
    /// </summary>
    public const string Since = $"""
        SELECT json_extract(payload_json, '$.series_id') AS changed_series,
               MIN(substr(COALESCE(json_extract(payload_json, '$.open_utc'), json_extract(payload_json, '$.first_utc')), 1, 19)) AS changed_since
        FROM ingest_events WHERE {RawLogAfterMark} AND event_type IN ('BAR', 'BARS_SHARED') GROUP BY 1
        """;

    private static string Named(string table, string key, string events) =>
        $"{table} WHERE run_id = $run AND {key} IN (SELECT json_extract(payload_json, '$.{key}') FROM ingest_events WHERE {RawLogAfterMark} AND event_type IN ({events}))";
}
