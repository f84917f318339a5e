using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using QuantowerRecorder.Storage.Merging;
using QuantowerRecorder.Storage.PostgreSql.Schema;
using QuantowerRecorder.Storage.PostgreSql.Source;

namespace QuantowerRecorder.Storage.PostgreSql.Push;

/// <summary>
/// Copies recorder files into the team database: per file, the runs with events past the file's high-water mark, in
/// chunks of whole runs, one transaction each (binary COPY into staging tables, then set-based merges on the natural
/// keys). Killed mid-way, the committed chunks stay and their marks say so; the next push does the rest.
/// </summary>
/// <remarks>
/// Over 300 lines, one idea: the transaction of one chunk (stage, merge, mark) has to be read as one sequence to see
/// that it is all or nothing; the SQL it runs is in <see cref="MergeSql"/>, the tables in <see cref="TeamTable"/>.
/// </remarks>
public sealed class TeamPusher : IDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly PushOptions options;
    private readonly List<MergeSql> tables;

    private TeamPusher(NpgsqlConnection connection, PushOptions options, List<MergeSql> tables)
    {
        this.connection = connection;
        this.options = options;
        this.tables = tables;
    }

    /// <summary>Connects, brings the team schema up to date, and reads the tables' columns from the catalog.</summary>
    public static TeamPusher Connect(string connectionString, PushOptions? options = null)
    {
        options ??= new PushOptions();
        var normalized = ConnectionStrings.Normalize(connectionString);
        var connection = new NpgsqlConnection(normalized);
        try
        {
            connection.Open();
            TeamMigrator.Migrate(connection, options.Time);
            var tables = TeamTable.All.Select(t => new MergeSql(t, ReadColumns(connection, t.Name))).ToList();
            return new TeamPusher(connection, options, tables);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            connection.Dispose();
            throw new TeamStoreException(ConnectionStrings.Scrub(
                $"Cannot use the team database {ConnectionStrings.Masked(connectionString)}: {ex.Message}", connectionString), ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The merge statements of every table, in foreign-key order (the benchmark's raw COPY uses their columns).</summary>
    internal IReadOnlyList<MergeSql> Tables => tables;

    public FilePushResult Push(string path)
    {
        using var source = SourceFile.Open(path, TeamMigrator.SqliteVersion);
        // One read transaction: every query of this push sees the same state of a file that may be being written.
        using var snapshot = source.Connection.BeginTransaction(deferred: true);
        var fileId = source.Identity();
        var result = new FilePushResult { Path = path, FileId = fileId };
        var now = Timestamps.Format(options.Time.GetUtcNow().UtcDateTime);
        RegisterSource(fileId, path, now);

        var marks = ReadMarks(fileId);
        var work = new List<(SourceRun Run, long After, long Estimate)>();
        foreach (var run in source.Runs())
        {
            result.Runs++;
            var after = 0L;
            if (marks.TryGetValue(run.RunId, out var mark) && source.EventCheck(mark.LastEventId) == mark.Check)
            {
                if (mark.LastEventId >= run.LastEventId)
                {
                    result.Unchanged++;
                    continue;
                }

                after = mark.LastEventId;
            }

            // A run's state rows are about as many as its events; a run is never split across chunks.
            work.Add((run, after, run.EventCount + source.EventsAfter(run.RunId, after)));
        }

        var chunk = new List<(SourceRun Run, long After, long Estimate)>();
        long size = 0;
        foreach (var item in work)
        {
            if (chunk.Count > 0 && size + item.Estimate > options.ChunkRows)
            {
                PushChunk(source, chunk, result, now);
                chunk.Clear();
                size = 0;
            }

            chunk.Add(item);
            size += item.Estimate;
        }

        if (chunk.Count > 0)
        {
            PushChunk(source, chunk, result, now);
        }

        return result;
    }

    private void PushChunk(SourceFile source, List<(SourceRun Run, long After, long Estimate)> chunk, FilePushResult result, string now)
    {
        using var tx = connection.BeginTransaction();
        try
        {
            Execute(tx, "CREATE TEMP TABLE chunk_runs (run_id text PRIMARY KEY, version bigint NOT NULL, relation text) ON COMMIT DROP");
            using (var insert = new NpgsqlCommand("INSERT INTO chunk_runs(run_id, version) SELECT * FROM unnest(@ids, @versions)", connection, tx))
            {
                insert.Parameters.AddWithValue("ids", chunk.Select(c => c.Run.RunId).ToArray());
                insert.Parameters.AddWithValue("versions", chunk.Select(c => c.Run.Version).ToArray());
                insert.ExecuteNonQuery();
            }

            // Two pushes of the same run (the same file from two places at once) take turns, run by run.
            Execute(tx, "SELECT pg_advisory_xact_lock(hashtext(run_id)) FROM (SELECT run_id FROM chunk_runs ORDER BY run_id) r");
            Execute(tx, """
                UPDATE chunk_runs c SET relation = COALESCE((SELECT CASE WHEN c.version > v.version THEN 'NEWER'
                    WHEN c.version = v.version THEN 'SAME' ELSE 'OLDER' END FROM team_run_versions v WHERE v.run_id = c.run_id), 'NEW')
                """);

            // Runs the team has never seen have no rows to compare or update: their chunk only inserts.
            var known = false;
            using (var relations = new NpgsqlCommand("SELECT relation, COUNT(*) FROM chunk_runs GROUP BY relation", connection, tx))
            using (var reader = relations.ExecuteReader())
            {
                while (reader.Read())
                {
                    var n = (int)reader.GetInt64(1);
                    known = known || reader.GetString(0) != "NEW";
                    switch (reader.GetString(0))
                    {
                        case "NEW": result.NewRuns += n; break;
                        case "NEWER": result.LaterRuns += n; break;
                        case "SAME": result.SameRuns += n; break;
                        default: result.EarlierRuns += n; break;
                    }
                }
            }

            foreach (var table in tables)
            {
                Execute(tx, table.CreateStage);
                result.RowsSent += CopyRows(source, table, chunk);
                if (known)
                {
                    // Statistics for the joins against the team tables; an insert-only chunk needs none.
                    Execute(tx, $"ANALYZE stage_{table.Table.Name}");
                }
            }

            foreach (var table in tables)
            {
                if (!known && table.Table.Rule != MergeRule.Definition)
                {
                    using var insertOnly = Command(tx, table.Insert, result, now);
                    result.RowsInserted += insertOnly.ExecuteNonQuery();
                    continue;
                }

                using (var conflicts = Command(tx, table.Conflicts, result, now))
                using (var reader = conflicts.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        result.Conflicts.Add(new PushConflict(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
                    }
                }

                if (table.Update is not null)
                {
                    using var update = Command(tx, table.Update, result, now);
                    result.RowsUpdated += update.ExecuteNonQuery();
                }

                using var insert = Command(tx, table.Insert, result, now);
                result.RowsInserted += insert.ExecuteNonQuery();
            }

            using (var versions = Command(tx, """
                       INSERT INTO team_run_versions(run_id, version, file_id)
                       SELECT run_id, version, @file FROM chunk_runs WHERE relation IN ('NEW', 'NEWER')
                       ON CONFLICT (run_id) DO UPDATE SET version = excluded.version, file_id = excluded.file_id
                       WHERE excluded.version > team_run_versions.version
                       """, result, now))
            {
                versions.ExecuteNonQuery();
            }

            using (var marks = new NpgsqlCommand("""
                       INSERT INTO team_marks(file_id, run_id, last_event_id, last_event_check, pushed_utc)
                       SELECT @file, * , @now FROM unnest(@ids, @last, @checks)
                       ON CONFLICT (file_id, run_id) DO UPDATE SET last_event_id = excluded.last_event_id,
                         last_event_check = excluded.last_event_check, pushed_utc = excluded.pushed_utc
                       """, connection, tx))
            {
                marks.Parameters.AddWithValue("file", result.FileId);
                marks.Parameters.AddWithValue("now", now);
                marks.Parameters.AddWithValue("ids", chunk.Select(c => c.Run.RunId).ToArray());
                marks.Parameters.AddWithValue("last", chunk.Select(c => c.Run.LastEventId).ToArray());
                marks.Parameters.AddWithValue("checks", chunk.Select(c => source.EventCheck(c.Run.LastEventId) ?? "").ToArray());
                marks.ExecuteNonQuery();
            }

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

    private long CopyRows(SourceFile source, MergeSql table, List<(SourceRun Run, long After, long Estimate)> chunk)
    {
        long rows = 0;
        using var importer = connection.BeginBinaryImport(table.Copy);
        using var select = source.Connection.CreateCommand();
        select.CommandText = table.SourceSelect;
        var run = select.Parameters.Add("$run", SqliteType.Text);
        var after = table.Table.Rule == MergeRule.Event ? select.Parameters.Add("$after", SqliteType.Integer) : null;
        var last = table.Table.Rule == MergeRule.Event ? select.Parameters.Add("$last", SqliteType.Integer) : null;
        foreach (var item in chunk)
        {
            run.Value = item.Run.RunId;
            if (after is not null)
            {
                after.Value = item.After;
                last!.Value = item.Run.LastEventId;
            }

            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                importer.StartRow();
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    if (reader.IsDBNull(i))
                    {
                        importer.WriteNull();
                        continue;
                    }

                    var type = table.Columns[i].Type;
                    switch (type)
                    {
                        case NpgsqlDbType.Double:
                            importer.Write(reader.GetDouble(i), type);
                            break;
                        case NpgsqlDbType.Bigint:
                            importer.Write(reader.GetInt64(i), type);
                            break;
                        default:
                            importer.Write(reader.GetString(i), type);
                            break;
                    }
                }

                importer.Write(item.Run.RunId, NpgsqlDbType.Text);
                rows++;
            }
        }

        importer.Complete();
        return rows;
    }

    private void RegisterSource(string fileId, string path, string now)
    {
        using var command = new NpgsqlCommand("""
            INSERT INTO team_sources(file_id, last_path, last_host, first_push_utc, last_push_utc) VALUES (@file, @path, @host, @now, @now)
            ON CONFLICT (file_id) DO UPDATE SET last_path = excluded.last_path, last_host = excluded.last_host, last_push_utc = excluded.last_push_utc
            """, connection);
        command.Parameters.AddWithValue("file", fileId);
        command.Parameters.AddWithValue("path", path);
        command.Parameters.AddWithValue("host", options.Host);
        command.Parameters.AddWithValue("now", now);
        command.ExecuteNonQuery();
    }

    private Dictionary<string, (long LastEventId, string Check)> ReadMarks(string fileId)
    {
        using var command = new NpgsqlCommand("SELECT run_id, last_event_id, last_event_check FROM team_marks WHERE file_id = @file", connection);
        command.Parameters.AddWithValue("file", fileId);
        using var reader = command.ExecuteReader();
        var marks = new Dictionary<string, (long, string)>(StringComparer.Ordinal);
        while (reader.Read())
        {
            marks[reader.GetString(0)] = (reader.GetInt64(1), reader.GetString(2));
        }

        return marks;
    }

    private static List<TeamColumn> ReadColumns(NpgsqlConnection connection, string table)
    {
        // Identity columns (the team's own row ids) are not copied: source ids mean nothing across files.
        using var command = new NpgsqlCommand("""
            SELECT column_name, data_type FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = @t AND is_identity = 'NO' ORDER BY ordinal_position
            """, connection);
        command.Parameters.AddWithValue("t", table);
        using var reader = command.ExecuteReader();
        var columns = new List<TeamColumn>();
        while (reader.Read())
        {
            columns.Add(new TeamColumn(reader.GetString(0), TeamColumn.FromCatalog(reader.GetString(1))));
        }

        return columns;
    }

    private NpgsqlCommand Command(NpgsqlTransaction tx, string sql, FilePushResult result, string now)
    {
        var command = new NpgsqlCommand(sql, connection, tx);
        if (sql.Contains("@file", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("file", result.FileId);
        }

        if (sql.Contains("@path", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("path", result.Path);
        }

        if (sql.Contains("@now", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("now", now);
        }

        return command;
    }

    private void Execute(NpgsqlTransaction tx, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, tx);
        command.ExecuteNonQuery();
    }

    public void Dispose() => connection.Dispose();
}
