using Dapper;
using Npgsql;
using QuantowerRecorder.Storage.PostgreSql.Schema;
using QuantowerRecorder.Storage.PostgreSql.Source;

namespace QuantowerRecorder.Storage.PostgreSql.Push;

/// <summary>
/// Copies recorder files into the team database: per file, the runs with events past the file's high-water mark, in
/// chunks of whole runs, one transaction each (binary COPY into staging tables, then set-based merges on the natural
/// keys). Killed mid-way, the committed chunks stay and their marks say so; the next push does the rest.
/// </summary>
/// <remarks>
/// This class plans (which runs, from which mark, in which chunks); <see cref="ChunkTransaction"/> sends one chunk.
/// </remarks>
public sealed class TeamPusher : IDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly PushOptions options;
    private readonly List<TeamMergeSql> tables;
    private readonly ChunkTransaction chunks;

    private TeamPusher(NpgsqlConnection connection, PushOptions options, List<TeamMergeSql> tables)
    {
        this.connection = connection;
        this.options = options;
        this.tables = tables;
        chunks = new ChunkTransaction(connection, options, tables);
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
            var tables = TeamTable.All.Select(t => new TeamMergeSql(t, TeamColumn.Read(connection, t.Name))).ToList();
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
    internal IReadOnlyList<TeamMergeSql> Tables => tables;

    public FilePushResult Push(string path)
    {
        // One read transaction: every query of this push sees the same state of a file that may be being written.
        using var source = SourceFile.Open(path, TeamMigrator.SqliteVersion, options.Time);
        var fileId = source.Identity();
        var result = new FilePushResult { Path = path, FileId = fileId };
        var now = Timestamps.Format(options.Time.GetUtcNow().UtcDateTime);
        RegisterSource(fileId, path, now);

        var marks = ReadMarks(fileId);
        var chunk = new List<RunWork>();
        long size = 0;
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
            var item = new RunWork(run, after, run.EventCount + source.EventsAfter(run.RunId, after));
            if (chunk.Count > 0 && size + item.Estimate > options.ChunkRows)
            {
                chunks.Push(source, chunk, result, now);
                chunk.Clear();
                size = 0;
            }

            chunk.Add(item);
            size += item.Estimate;
        }

        if (chunk.Count > 0)
        {
            chunks.Push(source, chunk, result, now);
        }

        new TeamJournal(connection).Push(source, result, now);
        return result;
    }

    private void RegisterSource(string fileId, string path, string now)
    {
        connection.Execute("""
            INSERT INTO team_sources(file_id, last_path, last_host, first_push_utc, last_push_utc) VALUES (@file, @path, @host, @now, @now)
            ON CONFLICT (file_id) DO UPDATE SET last_path = excluded.last_path, last_host = excluded.last_host, last_push_utc = excluded.last_push_utc
            """, new { file = fileId, path, host = options.Host, now });
    }

    private Dictionary<string, (long LastEventId, string Check)> ReadMarks(string fileId) => connection.Query<(string Run, long LastEventId, string Check)>(
            "SELECT run_id, last_event_id, last_event_check FROM team_marks WHERE file_id = @file", new { file = fileId })
        .ToDictionary(m => m.Run, m => (m.LastEventId, m.Check), StringComparer.Ordinal);

    public void Dispose() => connection.Dispose();
}
