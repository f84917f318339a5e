using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Queries.Sql;
using QuantowerRecorder.Storage.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Queries.Sqlite;

/// <summary>
/// Deletes runs and ends abandoned ones. The writable connection is opened on the first change only, so counting
/// what a prune would delete never takes the write lock.
/// </summary>
internal sealed class SqliteMaintenance : IRecorderMaintenance
{
    private const string JournalTable = "journal_entries";

    private readonly string path;
    private readonly TimeProvider time;
    private readonly TimeSpan? lockWait;
    private SqliteConnection? writable;

    public SqliteMaintenance(string path, TimeProvider time, TimeSpan? lockWait)
    {
        this.path = Path.GetFullPath(path);
        this.time = time;
        this.lockWait = lockWait;
        // The clear "missing / not ours / too new" errors come before anything is written or created.
        DatabaseFile.OpenForReading(this.path).Dispose();
    }

    public IReadOnlyList<RunRowCount> CountRows(IReadOnlyList<string> runIds)
    {
        using var reader = new ReadConnection(DatabaseFile.OpenForReading(path), path);
        return reader.Read(c =>
        {
            var args = new { runs = runIds };
            var counts = new List<RunRowCount>
            {
                new("strategy_runs", runIds.Count),
                new("bars", c.ExecuteScalar<long>(Sql.RunBarCount.In($"SELECT COALESCE(SUM({Sql.RunBarCount.Placeholder}), 0) FROM strategy_runs r WHERE r.run_id IN @runs", c, ReadDialect.Sqlite), args)),
            };
            foreach (var table in CountedTables(c))
            {
                counts.Add(new RunRowCount(table, c.ExecuteScalar<long>($"SELECT COUNT(*) FROM {table} WHERE run_id IN @runs", args)));
            }

            // A file before the journal (schema 16) has none to count.
            if (c.ExecuteScalar<long>(ReadDialect.Sqlite.TableExists(JournalTable)) > 0)
            {
                counts.Add(new RunRowCount(JournalTable, c.ExecuteScalar<long>($"SELECT COUNT(*) FROM {JournalTable} WHERE {JournalOfRuns}", args)));
            }

            return counts;
        });
    }

    public void DeleteRuns(IReadOnlyList<string> runIds)
    {
        var connection = Writable();
        // Children and parents are deleted in one transaction; foreign keys are checked once, at commit.
        WriteTransaction.Run(connection, () =>
        {
            connection.Execute("PRAGMA defer_foreign_keys = ON");
            var tables = RunTables(connection);
            foreach (var chunk in runIds.Chunk(200))
            {
                var args = new { runs = chunk };
                // A run's bars go with it where no other run's stretch of time holds them (docs/decisions.md, 14).
                var markets = connection.Query<long>("SELECT DISTINCT market_id FROM run_series WHERE run_id IN @runs AND market_id IS NOT NULL", args).AsList();
                connection.Execute("DELETE FROM series_bars WHERE series_id IN (SELECT series_id FROM run_series WHERE run_id IN @runs)", args);
                connection.Execute("DELETE FROM series_unseen WHERE series_id IN (SELECT series_id FROM run_series WHERE run_id IN @runs)", args);
                // A run's equity points are stored under its key (equity_runs, schema 14), not its id; the key goes last.
                connection.Execute("DELETE FROM equity_data WHERE run_key IN (SELECT run_key FROM equity_runs WHERE run_id IN @runs)", args);
                foreach (var table in tables)
                {
                    connection.Execute($"DELETE FROM {table} WHERE run_id IN @runs", args);
                }

                connection.Execute("DELETE FROM strategy_runs WHERE run_id IN @runs", args);
                foreach (var market in markets)
                {
                    // A bar no series saw goes, and with it the times series did not see there (a time is unseen only
                    // while its market holds a bar there).
                    connection.Execute("""
                        DELETE FROM market_bars WHERE market_id = @market AND NOT EXISTS (
                          SELECT 1 FROM run_series s WHERE s.market_id = @market AND market_bars.ts BETWEEN s.first_bar AND s.last_bar
                            AND NOT EXISTS (SELECT 1 FROM series_unseen u WHERE u.series_id = s.series_id AND u.ts = market_bars.ts));
                        DELETE FROM series_unseen WHERE series_id IN (SELECT series_id FROM run_series WHERE market_id = @market)
                          AND NOT EXISTS (SELECT 1 FROM market_bars b JOIN run_series s ON b.market_id = s.market_id
                                          WHERE s.series_id = series_unseen.series_id AND b.ts = series_unseen.ts);
                        """, new { market });
                }

                // What people wrote about these runs goes with them; the rest of the journal stays (docs/cli.md, "prune").
                connection.Execute($"DELETE FROM {JournalTable} WHERE {JournalOfRuns}", args);
            }

            connection.Execute("DELETE FROM strategy_instances WHERE instance_id NOT IN (SELECT instance_id FROM strategy_runs)");
            connection.Execute("DELETE FROM strategies WHERE strategy_id NOT IN (SELECT strategy_id FROM strategy_instances)");
        });
    }

    public IReadOnlyList<string> FindAbandoned()
    {
        using var reader = new ReadConnection(DatabaseFile.OpenForReading(path), path);
        var running = reader.Read(SqliteHealthReader.RunningRuns);
        return SqliteHealthReader.AbandonedOf(path, running);
    }

    public IReadOnlyList<string> MarkAbandoned()
    {
        var abandoned = FindAbandoned();
        if (abandoned.Count > 0)
        {
            // Opening a recorder session ends every run nobody holds as ABANDONED, through the event log like any
            // other event, so a replay of the file agrees with it. One writing connection at a time: ours closes first.
            writable?.Dispose();
            writable = null;
            RecorderSession.Open(path, lockWait is { } wait ? new RecorderOptions { Time = time, OpenLockWait = wait } : new RecorderOptions { Time = time })
                .Close(TimeSpan.FromSeconds(30));
        }

        return abandoned;
    }

    public void RecordArtifactManifest(string runId, string manifestSha256, int files)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        if (manifestSha256 is not { Length: 64 } || !manifestSha256.All(ch => ch is >= '0' and <= '9' or >= 'a' and <= 'f'))
        {
            throw new ArgumentException($"'{manifestSha256}' is not a SHA-256 in lower-case hex.", nameof(manifestSha256));
        }

        var connection = Writable();
        WriteTransaction.Run(connection, () =>
        {
            if (connection.ExecuteScalar("SELECT 1 FROM strategy_runs WHERE run_id = @run", new { run = runId }) is null)
            {
                throw new ArgumentException($"No run {runId}.", nameof(runId));
            }

            connection.Execute("""
                INSERT INTO run_artifacts(run_id, manifest_sha256, files, written_utc) VALUES (@run, @sha, @files, @at)
                ON CONFLICT DO NOTHING
                """, new { run = runId, sha = manifestSha256, files, at = Timestamps.Format(time.GetUtcNow()) });
        });
    }

    public void Dispose() => writable?.Dispose();

    private SqliteConnection Writable() => writable ??= DatabaseFile.OpenForWriting(path, time, lockWait);

    // The run's rows counted by the tables the design names: run_equity is a view over equity_data since schema 14
    // (a table before), and equity_runs, the key it gives a run, is none of the design's.
    private static List<string> CountedTables(DbConnection connection) => connection.Query<string>("""
        SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
        WHERE p.name = 'run_id' AND m.name NOT IN ('strategy_runs', 'equity_runs') AND (m.type = 'table' OR m.name = 'run_equity')
        """).Order(StringComparer.Ordinal).ToList();

    // The tables that hold a run's rows by its id, deleted in this order: equity_runs after every other (the points in
    // equity_data, deleted first, are stored under its key).
    private static List<string> RunTables(DbConnection connection) => connection.Query<string>("""
        SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
        WHERE p.name = 'run_id' AND m.name <> 'strategy_runs' AND m.type = 'table'
        """).OrderBy(t => t == "equity_runs").ThenBy(t => t, StringComparer.Ordinal).ToList();

    // A run's journal entries: it is their subject (journal_entries has no run_id column, a study can be one too).
    private const string JournalOfRuns = "subject_type = 'RUN' AND subject_id IN @runs";
}
