using System.Data;
using Dapper;
using Npgsql;
using QuantowerRecorder.Storage.Merging;
using QuantowerRecorder.Storage.PostgreSql.Source;

namespace QuantowerRecorder.Storage.PostgreSql.Push;

/// <summary>A run of the file chosen for this push, with the raw-log mark it is sent from.</summary>
internal readonly record struct RunWork(SourceRun Run, long After, long Estimate);

/// <summary>
/// One chunk of whole runs, all or nothing: binary COPY of their rows into staging tables, the set-based merges on the
/// natural keys (SQL in <see cref="TeamMergeSql"/>), the team's run versions and the file's marks, in one transaction.
/// Which runs go into which chunk is <see cref="TeamPusher"/>'s planning.
/// </summary>
internal sealed class ChunkTransaction(NpgsqlConnection connection, PushOptions options, IReadOnlyList<TeamMergeSql> tables)
{
    public void Push(SourceFile source, List<RunWork> chunk, FilePushResult result, string now)
    {
        using var tx = connection.BeginTransaction();
        try
        {
            // since: the team holds this run as this file had it at the mark, so only what changed after it is sent;
            // analysis: the run's derived rows are sent (not when the team has the same analysis, metrics_json);
            // ord: the run's place in the file, the first to show a bar time gives its market the values there.
            Execute("""
                CREATE TEMP TABLE chunk_runs (run_id text PRIMARY KEY, version bigint NOT NULL, ord bigint NOT NULL, relation text,
                  since boolean NOT NULL DEFAULT FALSE, analysis boolean NOT NULL DEFAULT TRUE) ON COMMIT DROP
                """);
            Execute("INSERT INTO chunk_runs(run_id, version, ord) SELECT * FROM unnest(@ids, @versions) WITH ORDINALITY", result, now,
                ("@ids", chunk.Select(c => c.Run.RunId).ToArray()), ("@versions", chunk.Select(c => c.Run.Version).ToArray()));

            // Two pushes of the same run (the same file from two places at once) take turns, run by run.
            Execute("SELECT pg_advisory_xact_lock(hashtext(run_id)) FROM (SELECT run_id FROM chunk_runs ORDER BY run_id) r");
            Execute("""
                UPDATE chunk_runs c SET relation = COALESCE((SELECT CASE WHEN c.version > v.version THEN 'NEWER'
                    WHEN c.version = v.version THEN 'SAME' ELSE 'OLDER' END FROM team_run_versions v WHERE v.run_id = c.run_id), 'NEW')
                """);

            // Runs the team has never seen have no rows to compare or update: their chunk only inserts.
            var known = false;
            foreach (var (relation, n) in connection.Query<(string, int)>("SELECT relation, COUNT(*) FROM chunk_runs GROUP BY relation"))
            {
                known = known || relation != "NEW";
                result.Count(relation, n);
            }

            // Under the runs' locks: the team's state of a run came from this file's last push of it, or all is sent.
            var since = Runs("""
                UPDATE chunk_runs c SET since = TRUE FROM team_run_versions v
                WHERE v.run_id = c.run_id AND v.file_id = @file AND c.run_id = ANY(@marked) RETURNING c.run_id
                """, result, ("@marked", chunk.Where(c => c.After > 0).Select(c => c.Run.RunId).ToArray()));
            var rows = new SourceRows(connection, source);
            var sameAnalysis = new HashSet<string>(StringComparer.Ordinal);
            foreach (var table in tables)
            {
                if (!known && table.Table.KeyHasRun)
                {
                    continue;
                }

                Execute(table.CreateStage);
                result.RowsSent += rows.Copy(table, chunk, since, sameAnalysis);
                if (table.Table.Name == "run_series")
                {
                    result.RowsSent += TeamMarkets.Stage(connection, source, chunk.Select(c => c.Run.RunId));
                }

                if (table.Table.Name == "strategy_runs" && since.Count > 0)
                {
                    sameAnalysis = Runs("""
                        UPDATE chunk_runs c SET analysis = FALSE FROM stage_strategy_runs s JOIN strategy_runs t ON t.run_id = s.run_id
                        WHERE c.run_id = s.run_id AND c.since AND s.metrics_json IS NOT NULL AND s.metrics_json = t.metrics_json
                        RETURNING c.run_id
                        """, result);
                }

                if (known)
                {
                    // Statistics for the joins against the team tables; an insert-only chunk needs none.
                    Execute($"ANALYZE stage_{table.Table.Name}");
                }
            }

            Execute(TeamBars.Read);
            foreach (var table in tables)
            {
                if (table.Table.Bars)
                {
                    StoreBars(result);
                    continue;
                }

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
                    result.Conflicts.AddRange(connection.Query<(string, string, string, string)>(table.Conflicts, Parameters(table.Conflicts, result, now))
                        .Select(c => new PushConflict(c.Item1, c.Item2, c.Item3, c.Item4)));
                    result.RowsUpdated += table.Update is null ? 0 : Execute(table.Update, result, now);
                    result.RowsDeleted += table.DeleteStale is null ? 0 : Execute(table.DeleteStale, result, now);
                }

                result.RowsInserted += Execute(table.Insert, result, now);
            }

            Execute("""
                INSERT INTO team_run_versions(run_id, version, file_id)
                SELECT run_id, version, @file FROM chunk_runs WHERE relation IN ('NEW', 'NEWER')
                ON CONFLICT (run_id) DO UPDATE SET version = excluded.version, file_id = excluded.file_id
                WHERE excluded.version > team_run_versions.version
                """, result, now);
            Execute("""
                INSERT INTO team_marks(file_id, run_id, last_event_id, last_event_check, pushed_utc)
                SELECT @file, * , @now FROM unnest(@ids, @last, @checks)
                ON CONFLICT (file_id, run_id) DO UPDATE SET last_event_id = excluded.last_event_id,
                  last_event_check = excluded.last_event_check, pushed_utc = excluded.pushed_utc
                """, result, now,
                ("@ids", chunk.Select(c => c.Run.RunId).ToArray()),
                ("@last", chunk.Select(c => c.Run.LastEventId).ToArray()),
                ("@checks", chunk.Select(c => source.EventCheck(c.Run.LastEventId) ?? "").ToArray()));

            tx.Commit();
        }
        catch (PostgresException ex)
        {
            throw new TeamStoreException(
                $"{result.Path}: pushing runs {string.Join(", ", chunk.Select(c => c.Run.RunId))} failed and was rolled back: {ex.MessageText}" +
                (ex.Detail is null ? "" : $" ({ex.Detail})"), ex);
        }

        result.Chunks++;
        options.AfterRuns?.Invoke(chunk.Count);
    }

    private void StoreBars(FilePushResult result)
    {
        foreach (var (sql, counts) in TeamBars.Statements)
        {
            var n = Execute(sql);
            switch (counts)
            {
                case 'i':
                    result.RowsInserted += n;
                    break;
                case 'u':
                    result.RowsUpdated += n;
                    break;
                case 'd':
                    result.RowsDeleted += n;
                    break;
            }
        }
    }

    private HashSet<string> Runs(string sql, FilePushResult result, params (string Name, object? Value)[] values) =>
        connection.Query<string>(sql, Parameters(sql, result, "", values)).ToHashSet(StringComparer.Ordinal);

    private int Execute(string sql, FilePushResult? result = null, string now = "", params (string Name, object? Value)[] values) =>
        connection.Execute(sql, Parameters(sql, result, now, values));

    // The given values (arrays go as PostgreSQL arrays: Dapper knows Npgsql's), and @file, @path and @now where the
    // statement names them. A null is text: PostgreSQL must know every parameter's type.
    private static DynamicParameters Parameters(string sql, FilePushResult? result, string now, params (string Name, object? Value)[] values)
    {
        var parameters = new DynamicParameters();
        foreach (var (name, value) in values)
        {
            parameters.Add(name, value, value is null ? DbType.String : null);
        }

        if (sql.Contains("@file", StringComparison.Ordinal))
        {
            parameters.Add("@file", result!.FileId);
        }

        if (sql.Contains("@path", StringComparison.Ordinal))
        {
            parameters.Add("@path", result!.Path);
        }

        if (sql.Contains("@now", StringComparison.Ordinal))
        {
            parameters.Add("@now", now);
        }

        return parameters;
    }
}
