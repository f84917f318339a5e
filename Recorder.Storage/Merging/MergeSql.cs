using Dapper;
using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Storage.Merging;

/// <summary>
/// The set-based statements that merge one table of the attached source (schema <c>src</c>) into the target, built
/// from the target's columns so a column added by a migration is carried without code changes. temp.merge_runs says
/// how the source's state of each run relates to the target's (NEW, NEWER, SAME, OLDER), as push's chunk_runs does.
/// Row ids (<c>id</c>) are the target's own: they are never copied, and nothing refers to them.
/// </summary>
internal sealed class MergeSql
{
    public MergeSql(MergeTable table, IReadOnlyList<string> columns, bool hasRowId)
    {
        Table = table;
        var name = table.Name;
        var content = columns.Where(c => !table.Key.Contains(c) && !table.IgnoredInComparison.Contains(c)).ToList();
        var keyMatch = string.Join(" AND ", table.Key.Select(k => $"t.{Q(k)} = s.{Q(k)}"));
        var keyText = string.Join(" || '|' || ", table.Key.Select(k => $"CAST(s.{Q(k)} AS TEXT)"));
        var differs = string.Join(" OR ", content.Select(c => $"{Compared(name, c, "t")} IS NOT {Compared(name, c, "s")}"));
        string Json(string alias) => "json_object(" + string.Join(", ", content.Select(c => $"'{c}', {alias}.{Q(c)}")) + ")";

        // Bars carry no run id: their run is their series'.
        var from = table.Rule switch
        {
            _ when table.OfNoRun => $"src.{Q(name)} s",
            _ when name == "bars" => "src.bars s JOIN src.run_series sr ON sr.series_id = s.series_id JOIN temp.merge_runs c ON c.run_id = sr.run_id",
            _ => $"src.{Q(name)} s JOIN temp.merge_runs c ON c.run_id = s.run_id",
        };
        var run = table.OfNoRun ? "NULL" : name == "bars" ? "sr.run_id" : "s.run_id";

        // The files have no index on an event's (run_id, sequence): temp.merge_event_keys holds the target's keys of
        // the runs concerned, indexed, so each incoming event is one lookup. CROSS JOIN keeps the incoming events the
        // outer loop: the planner would otherwise walk the keys and scan the source's events of a run for each.
        var target = table.Rule == MergeRule.Event
            ? "CROSS JOIN temp.merge_event_keys k ON k.run_id = s.run_id AND k.sequence = s.sequence CROSS JOIN main.ingest_events t ON t.id = k.id"
            : $"JOIN main.{Q(name)} t ON {keyMatch}";
        var compared = table.Rule switch
        {
            _ when table.OfNoRun => "1",
            MergeRule.Event => "c.relation <> 'NEW'",
            // Push compares a run's rows only when both hold the same state of it. A key without the run id can also
            // meet another run's row; for a new run that is a conflict too, rather than a row silently not inserted.
            _ => table.KeyHasRun ? "c.relation = 'SAME'" : "c.relation IN ('SAME', 'NEW')",
        };
        Conflicts = $"""
            INSERT INTO temp.merge_conflicts(table_name, natural_key, run_id, sequence, stored_json, incoming_json)
            SELECT '{name}', {keyText}, {run}, {(table.Rule == MergeRule.Event ? "s.sequence" : "NULL")}, {Json("t")}, {Json("s")}
            FROM {from} {target}
            WHERE {compared} AND ({differs})
            """;

        Update = table.Rule != MergeRule.RunState ? null : $"""
            UPDATE main.{Q(name)} AS t SET {string.Join(", ", content.Select(c => $"{Q(c)} = s.{Q(c)}"))}
            FROM (SELECT s.* FROM {from} WHERE c.relation = 'NEWER') AS s
            WHERE {keyMatch} AND ({differs})
            """;

        var insertWhere = table.Rule switch
        {
            _ when table.OfNoRun => "1",
            MergeRule.RunState => "c.relation <> 'OLDER'",
            // An event without a sequence (files of the v1 design) has no key: skipped when an equal one is stored.
            _ => """
                c.relation = 'NEW'
                OR (s.sequence IS NOT NULL AND NOT EXISTS (SELECT 1 FROM temp.merge_event_keys k WHERE k.run_id = s.run_id AND k.sequence = s.sequence))
                OR (s.sequence IS NULL AND NOT EXISTS (SELECT 1 FROM main.ingest_events e WHERE e.run_id = s.run_id
                    AND e.sequence IS NULL AND e.event_type = s.event_type AND e.event_utc = s.event_utc
                    AND e.received_utc = s.received_utc AND e.payload_json = s.payload_json))
                """,
        };
        // In source order, so the target's row ids keep each file's order (the raw log is read by id).
        var order = hasRowId ? " ORDER BY s.id" : "";
        // WHERE is always present: SQLite needs it to tell the upsert's ON from a join's.
        Insert = $"""
            INSERT INTO main.{Q(name)} ({string.Join(", ", columns.Select(Q))})
            SELECT {string.Join(", ", columns.Select(c => Selected(name, c)))}
            FROM {from}
            WHERE ({insertWhere}){order}
            ON CONFLICT DO NOTHING
            """;

        if (name == "bars")
        {
            (Keys, Insert, Update) = MergeBars.Statements;
            Conflicts = MergeBars.Conflicts;
        }

        if (name == "run_equity")
        {
            // run_equity is a view over equity_data, keyed by equity_runs: its rows are written there, so the counts
            // are the stored rows' (a view's triggers count nothing) and the insert can skip the rows held. What is
            // compared and written is what equity_data stores — a point, a flat stretch, or a stretch marked on a
            // series' bars (schema 19), which the view computes from the bars — read from the source's equity_data by
            // key, and the incoming rows meet the target's in that table (the view's window, probed once per incoming
            // point, took minutes on the demo's file); a run's key says whether its drawdown has a percentage and the
            // decimals its money is stored at.
            var stored = new[] { "ts", "equity", "repeats", "repeat_step_ticks", "mark_series", "mark_factor" };
            var rows = """
                (SELECT k.run_id, k.pct_known, k.money_decimals, d.seq, d.ts, d.equity, d.repeats, d.repeat_step_ticks, d.mark_series, d.mark_factor
                 FROM src.equity_data d JOIN src.equity_runs k ON k.run_key = d.run_key) s JOIN temp.merge_runs c ON c.run_id = s.run_id
                """;
            var keyed = $"SELECT s.*, k.run_key FROM {rows} JOIN main.equity_runs k ON k.run_id = s.run_id";
            static string Text(string ts) => $"strftime('%Y-%m-%dT%H:%M:%S', {ts} / 10000000, 'unixepoch') || printf('.%07dZ', {ts} % 10000000)";
            string Points(string alias) =>
                "json_object(" + string.Join(", ", stored.Select(c => c == "ts" ? $"'ts_utc', {Text(alias + ".ts")}" : $"'{c}', {alias}.{c}")) + ")";
            var changed = string.Join(" OR ", stored.Select(c => $"t.{c} IS NOT s.{c}"));
            Conflicts = $"""
                INSERT INTO temp.merge_conflicts(table_name, natural_key, run_id, sequence, stored_json, incoming_json)
                SELECT '{name}', {keyText}, s.run_id, NULL, {Points("t")}, {Points("s")}
                FROM {rows} JOIN main.equity_runs k ON k.run_id = s.run_id JOIN main.equity_data t ON t.run_key = k.run_key AND t.seq = s.seq
                WHERE {compared} AND ({changed})
                """;
            Keys = $"""
                INSERT INTO main.equity_runs(run_id, pct_known, money_decimals)
                SELECT s.run_id, MAX(s.pct_known), MAX(s.money_decimals) FROM {rows} WHERE {insertWhere} GROUP BY s.run_id
                ON CONFLICT(run_id) DO UPDATE SET pct_known = excluded.pct_known, money_decimals = excluded.money_decimals
                """;
            Update = $"""
                UPDATE main.equity_data AS t SET {string.Join(", ", stored.Select(c => $"{c} = s.{c}"))}
                FROM ({keyed} WHERE c.relation = 'NEWER') AS s
                WHERE t.run_key = s.run_key AND t.seq = s.seq AND ({changed})
                """;
            Insert = $"""
                INSERT INTO main.equity_data (run_key, seq, {string.Join(", ", stored)})
                SELECT s.run_key, s.seq, {string.Join(", ", stored.Select(c => "s." + c))}
                FROM ({keyed} WHERE {insertWhere}) AS s
                WHERE 1
                ON CONFLICT DO NOTHING
                """;
        }
    }

    /// <summary>What <see cref="Insert"/> needs first, when it needs anything: the keys of run_equity's new runs.</summary>
    public string? Keys { get; }

    public MergeTable Table { get; }

    /// <summary>Records in temp.merge_conflicts the incoming rows whose key the target holds with other content.</summary>
    public string Conflicts { get; }

    /// <summary>Brings the target's rows of runs whose later state the source holds up to that state.</summary>
    public string? Update { get; }

    /// <summary>Inserts the rows the target does not have (never over one it has).</summary>
    public string Insert { get; }

    /// <summary>
    /// The source's quarantined events: no natural key, so a row is new when no row of the target has all its values.
    /// </summary>
    public static string CopyQuarantine(IReadOnlyList<string> columns) => $"""
        INSERT INTO main.ingest_quarantine ({string.Join(", ", columns.Select(Q))})
        SELECT {string.Join(", ", columns.Select(c => "s." + Q(c)))}
        FROM src.ingest_quarantine s
        WHERE NOT EXISTS (SELECT 1 FROM main.ingest_quarantine t WHERE {string.Join(" AND ", columns.Select(c => $"t.{Q(c)} IS s.{Q(c)}"))})
        ORDER BY s.id
        """;

    /// <summary>The columns merge copies: all but the row id (an INTEGER PRIMARY KEY), which is the target's own.</summary>
    internal static List<string> Columns(SqliteConnection connection, string table, out bool hasRowId)
    {
        var columns = connection.Query<(string Name, string Type, long Pk)>($"SELECT name, type, pk FROM pragma_table_info('{table}', 'main') ORDER BY cid")
            .Select(c => (c.Name, RowId: c.Pk == 1 && string.Equals(c.Type, "INTEGER", StringComparison.OrdinalIgnoreCase) && c.Name == "id")).ToList();
        hasRowId = columns.Any(c => c.RowId);
        return columns.Where(c => !c.RowId).Select(c => c.Name).ToList();
    }

    internal static string Q(string name) => "\"" + name + "\"";

    // A series' market is the target's own, found by what it is (docs/decisions.md, 14): ids differ from file to file.
    private static string Selected(string table, string column) => (table, column) switch
    {
        ("run_series", "market_id") => """
            (SELECT m.market_id FROM main.bar_markets m JOIN src.bar_markets sm ON sm.symbol = m.symbol
               AND sm.timeframe = m.timeframe AND sm.source = m.source AND sm.volumetric = m.volumetric
             WHERE sm.market_id = s.market_id)
            """,
        _ => "s." + Q(column),
    };

    /// <summary>
    /// A column as it is compared. A run's metrics_json carries when it was analysed: the same figures analysed at
    /// another time (a copy analysed again with `analyze --all`) are the same content, not a conflict.
    /// </summary>
    private static string Compared(string table, string column, string alias) => (table, column) switch
    {
        ("strategy_runs", "metrics_json") =>
            $"CASE WHEN json_valid({alias}.metrics_json) THEN json_remove({alias}.metrics_json, '$.analyzed_utc') ELSE {alias}.metrics_json END",
        _ => $"{alias}.{Q(column)}",
    };
}
