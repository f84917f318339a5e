using Npgsql;
using QuantowerRecorder.Storage.Merging;
using QuantowerRecorder.Storage.PostgreSql.Source;

namespace QuantowerRecorder.Storage.PostgreSql.Push;

/// <summary>A run of the file chosen for this push, with the raw-log mark it is sent from.</summary>
internal readonly record struct RunWork(SourceRun Run, long After, long Estimate);

/// <summary>
/// One chunk of whole runs, all or nothing: binary COPY of their rows into staging tables, the set-based merges on the
/// natural keys (SQL in <see cref="MergeSql"/>), the team's run versions and the file's marks, in one transaction.
/// Which runs go into which chunk is <see cref="TeamPusher"/>'s planning.
/// </summary>
internal sealed class ChunkTransaction(NpgsqlConnection connection, PushOptions options, IReadOnlyList<MergeSql> tables)
{
    public void Push(SourceFile source, List<RunWork> chunk, FilePushResult result, string now)
    {
        using var tx = connection.BeginTransaction();
        try
        {
            // since: the team holds this run as this file had it at the mark, so only what changed after it is sent;
            // analysis: the run's derived rows are sent (not when the team has the same analysis, metrics_json).
            Execute(tx, """
                CREATE TEMP TABLE chunk_runs (run_id text PRIMARY KEY, version bigint NOT NULL, relation text,
                  since boolean NOT NULL DEFAULT FALSE, analysis boolean NOT NULL DEFAULT TRUE) ON COMMIT DROP
                """);
            Execute(tx, "INSERT INTO chunk_runs(run_id, version) SELECT * FROM unnest(@ids, @versions)", result, now,
                ("ids", chunk.Select(c => c.Run.RunId).ToArray()), ("versions", chunk.Select(c => c.Run.Version).ToArray()));

            // Two pushes of the same run (the same file from two places at once) take turns, run by run.
            Execute(tx, "SELECT pg_advisory_xact_lock(hashtext(run_id)) FROM (SELECT run_id FROM chunk_runs ORDER BY run_id) r");
            Execute(tx, """
                UPDATE chunk_runs c SET relation = COALESCE((SELECT CASE WHEN c.version > v.version THEN 'NEWER'
                    WHEN c.version = v.version THEN 'SAME' ELSE 'OLDER' END FROM team_run_versions v WHERE v.run_id = c.run_id), 'NEW')
                """);

            // Runs the team has never seen have no rows to compare or update: their chunk only inserts.
            var known = false;
            foreach (var (relation, n) in TeamSql.Rows(Command(tx, "SELECT relation, COUNT(*) FROM chunk_runs GROUP BY relation", null, ""),
                         r => (r.GetString(0), (int)r.GetInt64(1))))
            {
                known = known || relation != "NEW";
                result.Count(relation, n);
            }

            // Under the runs' locks: the team's state of a run came from this file's last push of it, or all is sent.
            var since = Runs(tx, """
                UPDATE chunk_runs c SET since = TRUE FROM team_run_versions v
                WHERE v.run_id = c.run_id AND v.file_id = @file AND c.run_id = ANY(@marked) RETURNING c.run_id
                """, result, ("marked", chunk.Where(c => c.After > 0).Select(c => c.Run.RunId).ToArray()));
            var rows = new SourceRows(connection, source);
            Since(tx, rows, chunk.Where(c => since.Contains(c.Run.RunId)));
            var sameAnalysis = new HashSet<string>(StringComparer.Ordinal);
            foreach (var table in tables)
            {
                if (!known && table.Table.KeyHasRun)
                {
                    continue;
                }

                Execute(tx, table.CreateStage);
                result.RowsSent += rows.Copy(table, chunk, since, sameAnalysis);
                if (table.Table.Name == "bar_data")
                {
                    result.RowsSent += rows.CopyStretches(table, MissingStretches(tx, result));
                }

                if (table.Table.Name == "strategy_runs" && since.Count > 0)
                {
                    sameAnalysis = Runs(tx, """
                        UPDATE chunk_runs c SET analysis = FALSE FROM stage_strategy_runs s JOIN strategy_runs t ON t.run_id = s.run_id
                        WHERE c.run_id = s.run_id AND c.since AND s.metrics_json IS NOT NULL AND s.metrics_json = t.metrics_json
                        RETURNING c.run_id
                        """, result);
                }

                if (known)
                {
                    // Statistics for the joins against the team tables; an insert-only chunk needs none.
                    Execute(tx, $"ANALYZE stage_{table.Table.Name}");
                }
            }

            foreach (var table in tables)
            {
                if (!known && table.Table.KeyHasRun)
                {
                    // Runs the team has never seen have no rows under their run ids: copied straight into the table,
                    // here, in the tables' foreign-key order.
                    var copied = rows.Copy(table, chunk, since, sameAnalysis, direct: true);
                    result.RowsSent += copied;
                    result.RowsInserted += copied;
                    continue;
                }

                // A chunk of runs new to the team only inserts; its definitions, shared with other runs, are compared.
                if (known || table.Table.Rule == MergeRule.Definition)
                {
                    result.Conflicts.AddRange(TeamSql.Rows(Command(tx, table.Conflicts, result, now),
                        r => new PushConflict(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3))));
                    result.RowsUpdated += table.Update is null ? 0 : Execute(tx, table.Update, result, now);
                    result.RowsDeleted += table.DeleteStale is null ? 0 : Execute(tx, table.DeleteStale, result, now);
                }

                result.RowsInserted += Execute(tx, table.Insert, result, now);
            }

            Execute(tx, """
                INSERT INTO team_run_versions(run_id, version, file_id)
                SELECT run_id, version, @file FROM chunk_runs WHERE relation IN ('NEW', 'NEWER')
                ON CONFLICT (run_id) DO UPDATE SET version = excluded.version, file_id = excluded.file_id
                WHERE excluded.version > team_run_versions.version
                """, result, now);
            Execute(tx, """
                INSERT INTO team_marks(file_id, run_id, last_event_id, last_event_check, pushed_utc)
                SELECT @file, * , @now FROM unnest(@ids, @last, @checks)
                ON CONFLICT (file_id, run_id) DO UPDATE SET last_event_id = excluded.last_event_id,
                  last_event_check = excluded.last_event_check, pushed_utc = excluded.pushed_utc
                """, result, now,
                ("ids", chunk.Select(c => c.Run.RunId).ToArray()),
                ("last", chunk.Select(c => c.Run.LastEventId).ToArray()),
                ("checks", chunk.Select(c => source.EventCheck(c.Run.LastEventId) ?? "").ToArray()));

            tx.Commit();
        }
        catch (PostgresException ex)
        {
            throw new TeamStoreException(
                $"{result.Path}: pushing runs {string.Join(", ", chunk.Select(c => c.Run.RunId))} failed and was rolled back: {ex.MessageText}" +
                (ex.Detail is null ? "" : $" ({ex.Detail})"), ex);
        }

        result.Chunks++;
        options.AfterChunk?.Invoke(result.Chunks);
    }

    // The earliest changed bar time of each series of the incremental runs: a series' own bars from there on that the
    // file no longer has are deleted (MergeSql.DeleteStale); a series without new bars keeps them all.
    private void Since(NpgsqlTransaction tx, SourceRows rows, IEnumerable<RunWork> incremental)
    {
        Execute(tx, "CREATE TEMP TABLE chunk_since (series_id text PRIMARY KEY, since text NOT NULL) ON COMMIT DROP");
        var since = incremental.SelectMany(rows.Since).ToList();
        if (since.Count == 0)
        {
            return;
        }

        Execute(tx, "INSERT INTO chunk_since SELECT * FROM unnest(@series, @since)", null, "",
            ("series", since.Select(s => s.Series).ToArray()), ("since", since.Select(s => s.Since).ToArray()));
    }

    // Stretches the chunk's series share from a series whose bars neither the team nor this chunk holds (its run is in
    // another file, not pushed yet, or pruned from this one): sent once, with the run that shares them.
    private List<Stretch> MissingStretches(NpgsqlTransaction tx, FilePushResult result)
    {
        using (var any = Command(tx, "SELECT EXISTS (SELECT 1 FROM stage_bar_shares WHERE from_series_id <> series_id)", result, ""))
        {
            if (!(bool)any.ExecuteScalar()!)
            {
                return [];
            }
        }

        // Each stretch counts its bars in the team and in the stage by range: the stage needs the index the team has.
        Execute(tx, "CREATE INDEX ON stage_bar_data(series_id, ts_utc)");
        return TeamSql.Rows(Command(tx, """
            SELECT DISTINCT ON (s.from_series_id, s.first_utc, s.last_utc) s._run_id, s.from_series_id, s.first_utc, s.last_utc
            FROM stage_bar_shares s JOIN chunk_runs c ON c.run_id = s._run_id
            WHERE c.relation <> 'OLDER' AND s.from_series_id <> s.series_id
              AND s.bar_count IS DISTINCT FROM (SELECT COUNT(*) FROM (
                    SELECT d.ts_utc FROM bar_data d WHERE d.series_id = s.from_series_id AND d.ts_utc BETWEEN s.first_utc AND s.last_utc
                    UNION SELECT g.ts_utc FROM stage_bar_data g WHERE g.series_id = s.from_series_id AND g.ts_utc BETWEEN s.first_utc AND s.last_utc) held)
            """, result, ""),
            r => new Stretch(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)));
    }

    private HashSet<string> Runs(NpgsqlTransaction tx, string sql, FilePushResult result, params (string Name, object Value)[] values) =>
        TeamSql.Rows(Command(tx, sql, result, "", values), r => r.GetString(0)).ToHashSet(StringComparer.Ordinal);

    // Binds @file, @path and @now where the statement names them, and the given values.
    private NpgsqlCommand Command(NpgsqlTransaction tx, string sql, FilePushResult? result, string now, params (string Name, object Value)[] values)
    {
        var command = TeamSql.Command(connection, tx, sql, values);
        if (sql.Contains("@file", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("file", result!.FileId);
        }

        if (sql.Contains("@path", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("path", result!.Path);
        }

        if (sql.Contains("@now", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("now", now);
        }

        return command;
    }

    private int Execute(NpgsqlTransaction tx, string sql, FilePushResult? result = null, string now = "", params (string Name, object Value)[] values)
    {
        using var command = Command(tx, sql, result, now, values);
        return command.ExecuteNonQuery();
    }
}
