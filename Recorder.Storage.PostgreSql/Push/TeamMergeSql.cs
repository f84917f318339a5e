using QuantowerRecorder.Storage.Merging;

namespace QuantowerRecorder.Storage.PostgreSql.Push;

/// <summary>
/// The set-based statements that merge one staged table into its team table, generated once per table from the
/// catalog's columns so a new column is carried without code changes. Staged rows carry the run they belong to
/// (_run_id); chunk_runs says how the file's state of each run relates to the team's (NEW, NEWER, SAME, OLDER).
/// </summary>
internal sealed class TeamMergeSql
{
    public TeamMergeSql(TeamTable table, IReadOnlyList<TeamColumn> columns)
    {
        Table = table;
        Columns = columns;
        var stage = "stage_" + table.Name;
        var all = columns.Select(c => Q(c.Name)).ToList();
        var content = columns.Where(c => !table.Key.Contains(c.Name) && !table.IgnoredInComparison.Contains(c.Name))
            .Select(c => c.Name).ToList();
        var keyMatch = string.Join(" AND ", table.Key.Select(k => $"t.{Q(k)} = s.{Q(k)}"));
        var keyText = "concat_ws('|', " + string.Join(", ", table.Key.Select(k => $"s.{Q(k)}::text")) + ")";
        string Json(string alias) => "jsonb_build_object(" + string.Join(", ", content.Select(c => $"'{c}', {alias}.{Q(c)}")) + ")";
        var differs = $"({string.Join(", ", content.Select(c => "t." + Q(c)))}) IS DISTINCT FROM ({string.Join(", ", content.Select(c => "s." + Q(c)))})";

        CreateStage = $"CREATE TEMP TABLE {stage} ON COMMIT DROP AS SELECT {string.Join(", ", all)}, NULL::text AS _run_id FROM {Q(table.Name)} WITH NO DATA";
        Copy = $"COPY {stage} ({string.Join(", ", all)}, _run_id) FROM STDIN (FORMAT BINARY)";
        CopyDirect = $"COPY {Q(table.Name)} ({string.Join(", ", all)}) FROM STDIN (FORMAT BINARY)";
        SelectAll = $"SELECT {string.Join(", ", all)} FROM {Q(table.Source)}";
        SourceSelect = $"{SelectAll} WHERE {table.RunFilter}";
        ChangedSelect = table.ChangedFrom is null ? null : $"SELECT {string.Join(", ", all)} FROM {table.ChangedFrom}";

        // Which staged rows take part: definitions and events always; a run's state only when the file's state of the
        // run is not older than the team's.
        var relation = table.Rule == MergeRule.RunState ? "c.relation = 'SAME'" : "TRUE";
        Conflicts = $"""
            INSERT INTO team_conflicts(table_name, natural_key, stored_content, incoming_content, incoming_hash, file_id, file_path, detected_utc)
            SELECT '{table.Name}', {keyText}, {Json("t")}, {Json("s")}, md5({Json("s")}::text), @file, @path, @now
            FROM {stage} s JOIN chunk_runs c ON c.run_id = s._run_id JOIN {Q(table.Name)} t ON {keyMatch}
            WHERE {relation} AND {differs}
            ON CONFLICT (table_name, natural_key, incoming_hash) DO NOTHING
            RETURNING table_name, natural_key, stored_content::text, incoming_content::text
            """;

        Update = table.Rule != MergeRule.RunState ? null : $"""
            UPDATE {Q(table.Name)} t SET {string.Join(", ", content.Select(c => $"{Q(c)} = s.{Q(c)}"))}
            FROM {stage} s JOIN chunk_runs c ON c.run_id = s._run_id AND c.relation = 'NEWER'
            WHERE {keyMatch} AND {differs}
            """;

        // A later state of a run replaces its analysis whole (when sent again): rows the file no longer has go. Recorded
        // rows (orders, fills, events) are never deleted; a series' bars are TeamBars'.
        DeleteStale = !table.Derived ? null : $"""
            DELETE FROM {Q(table.Name)} t USING chunk_runs c
            WHERE t.run_id = c.run_id AND c.analysis AND c.relation = 'NEWER' AND NOT EXISTS (SELECT 1 FROM {stage} s WHERE {keyMatch})
            """;

        var keyList = string.Join(", ", table.Key.Select(Q));
        var insertWhere = table.Rule switch
        {
            MergeRule.RunState => "c.relation <> 'OLDER'",
            // An event without a sequence (files of the v1 design) has no key: skipped when an equal one is stored.
            MergeRule.Event => """
                (s.sequence IS NOT NULL OR NOT EXISTS (SELECT 1 FROM ingest_events e WHERE e.run_id = s.run_id
                   AND e.sequence IS NULL AND e.event_type = s.event_type AND e.event_utc = s.event_utc
                   AND e.received_utc = s.received_utc AND e.payload_json = s.payload_json))
                """,
            _ => "TRUE",
        };
        // Only definitions repeat within a chunk (runs of one strategy); elsewhere a file's key is unique already.
        var distinct = table.Rule == MergeRule.Definition ? $"DISTINCT ON ({string.Join(", ", table.Key.Select(k => "s." + Q(k)))}) " : "";
        Insert = $"""
            INSERT INTO {Q(table.Name)} ({string.Join(", ", all)})
            SELECT {distinct}{string.Join(", ", all.Select(c => "s." + c))}
            FROM {stage} s JOIN chunk_runs c ON c.run_id = s._run_id
            WHERE {insertWhere}
            ON CONFLICT ({keyList}) DO NOTHING
            """;
    }

    public TeamTable Table { get; }

    public IReadOnlyList<TeamColumn> Columns { get; }

    public string CreateStage { get; }

    public string Copy { get; }

    /// <summary>COPY into the team table itself, for a run's rows the team cannot have yet.</summary>
    public string CopyDirect { get; }

    /// <summary>The SQLite query of every row of the table, columns in the same order.</summary>
    public string SelectAll { get; }

    /// <summary>The SQLite query of one run's rows ($run, and $after for events), columns in the same order.</summary>
    public string SourceSelect { get; }

    /// <summary>
    /// The SQLite query of one run's rows that events after $after (up to $last) can have changed, or null when the table
    /// goes whole (<see cref="TeamTable.ChangedFrom"/>).
    /// </summary>
    public string? ChangedSelect { get; }

    /// <summary>For a run's derived rows: deletes the rows a later state of the run no longer has.</summary>
    public string? DeleteStale { get; }

    public string Conflicts { get; }

    public string? Update { get; }

    public string Insert { get; }

    private static string Q(string name) => "\"" + name + "\"";
}
