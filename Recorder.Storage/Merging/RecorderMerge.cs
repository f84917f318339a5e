using Dapper;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Sqlite;

// Over 250 lines, one idea: merging one file is one transaction read as one sequence (attach, runs' versions, each
// table's insert/update/compare, conflicts kept, detach); the SQL of each table is generated in MergeSql.

namespace QuantowerRecorder.Storage.Merging;

/// <summary>
/// Merges recorder files into one SQLite file (`recorder merge`), by the rules push uses for the team's PostgreSQL
/// database (docs/team-store.md): natural keys decide identity, the file with the later state of a run updates it, the
/// same key with other content is a conflict — the target keeps its row and the incoming one is kept in
/// ingest_quarantine with its reason. Each file is attached read-only and merged in one transaction of set-based
/// statements; merging a file again changes nothing.
/// </summary>
public sealed class RecorderMerge : IDisposable
{
    private const string ConflictEventType = "MERGE_CONFLICT";

    /// <summary>How long a file's merge waits for another writer of the target to let go (<see cref="BusyFile"/>).</summary>
    internal static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    private readonly SqliteConnection connection;
    private readonly MergeOptions options;
    private readonly List<MergeSql> tables;
    private readonly string copyQuarantine;

    private RecorderMerge(string targetPath, SqliteConnection connection, MergeOptions options, List<MergeSql> tables, string copyQuarantine)
    {
        TargetPath = targetPath;
        this.connection = connection;
        this.options = options;
        this.tables = tables;
        this.copyQuarantine = copyQuarantine;
    }

    /// <summary>The target file, as a full path.</summary>
    public string TargetPath { get; }

    /// <summary>How many tables a file's merge goes through: <see cref="MergeOptions.AfterTable"/> is called this often.</summary>
    public int TablesPerFile => tables.Count;

    /// <summary>
    /// Opens the target, creating it when missing and migrating it to the current schema; refuses a file that is not a
    /// recorder database, is newer than this code, or is damaged (<see cref="RecorderDatabaseException"/>).
    /// </summary>
    public static RecorderMerge Open(string targetPath, MergeOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetPath);
        options ??= new MergeOptions();
        var fullPath = Path.GetFullPath(targetPath);
        using (DatabaseFile.OpenForWriting(fullPath, options.Time))
        {
            // Creates or migrates the target, with every check a writer makes; merging needs its own connection below.
        }

        var connection = DatabaseFile.Connect(SqliteUri.For(fullPath, readOnly: false), SqliteOpenMode.ReadWrite);
        try
        {
            // A merge that says it is done is on the disk: its commit is synced (docs/decisions.md, 3).
            connection.Execute("PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536; PRAGMA synchronous=FULL;");
            var tables = MergeTable.All.Select(t => new MergeSql(t, MergeSql.Columns(connection, t.Name, out var hasRowId), hasRowId)).ToList();
            return new RecorderMerge(fullPath, connection, options, tables, MergeSql.CopyQuarantine(MergeSql.Columns(connection, "ingest_quarantine", out _)));
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw DatabaseFile.Translate(ex, fullPath);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Merges one file in one transaction: on any failure the target is left as it was before this file. The file is
    /// read, never written; one of an older schema is read from a migrated temporary copy.
    /// </summary>
    public FileMergeResult Merge(string sourcePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        var fullPath = Path.GetFullPath(sourcePath);
        if (SamePath(fullPath, TargetPath))
        {
            throw new ArgumentException($"{fullPath} is the target of the merge; a file cannot be merged into itself.", nameof(sourcePath));
        }

        using var source = MergeSource.Open(fullPath, options.Time);
        Attach(source.ReadPath, fullPath);
        try
        {
            // A writer of the file (the plugin) holds its lock for one batch at a time: the file's transaction is tried
            // again while it is busy, for up to LockWait on the options' clock, rather than fail.
            return BusyFile.Run(options.Time, LockWait, (merge: this, sourcePath, fullPath, source.MigratedFrom), static s =>
                WriteTransaction.Run(s.merge.connection, s, static s =>
                {
                    var result = new FileMergeResult { Path = s.sourcePath, MigratedFromVersion = s.MigratedFrom };
                    s.merge.MergeAttached(result, s.fullPath);
                    return result;
                }));
        }
        catch (SqliteException ex)
        {
            throw new RecorderDatabaseException(DatabaseProblem.Other, fullPath,
                $"Merging {fullPath} into {TargetPath} failed and was rolled back: the target is as it was before this file (SQLite: {ex.Message}).", ex);
        }
        finally
        {
            Detach();
        }
    }

    private void MergeAttached(FileMergeResult result, string sourcePath)
    {
        ClassifyRuns(result);
        // Markets first: a merged series points at the target's market of the same symbol, timeframe, source and kind.
        Execute("""
            INSERT OR IGNORE INTO main.bar_markets(symbol, timeframe, source, volumetric)
            SELECT symbol, timeframe, source, volumetric FROM src.bar_markets ORDER BY market_id
            """);
        foreach (var table in tables)
        {
            var conflicts = Execute(table.Conflicts);
            var updated = table.Update is null ? 0 : Execute(table.Update);
            if (table.Keys is not null)
            {
                Execute(table.Keys);
            }

            var inserted = Execute(table.Insert);
            result.Tables.Add(new MergeTableCount(table.Table.Name, inserted, updated, conflicts));
            options.AfterTable?.Invoke(table.Table.Name);
        }

        result.QuarantineCopied = Execute(copyQuarantine);
        KeepConflicts(result, sourcePath);
        Execute("DROP TABLE temp.merge_runs; DROP TABLE temp.merge_event_keys; DROP TABLE temp.merge_conflicts;");
    }

    /// <summary>
    /// How the file's state of each run relates to the target's. A run's version is its highest event sequence (its
    /// event count in files without sequences), as push's; the target's is read from its own raw log, which holds the
    /// events of every file merged into it.
    /// </summary>
    private void ClassifyRuns(FileMergeResult result)
    {
        Execute("""
            CREATE TEMP TABLE merge_runs(run_id TEXT PRIMARY KEY, version INTEGER NOT NULL, relation TEXT);
            CREATE TEMP TABLE merge_conflicts(table_name TEXT NOT NULL, natural_key TEXT NOT NULL, run_id TEXT, sequence INTEGER,
                                              stored_json TEXT NOT NULL, incoming_json TEXT NOT NULL);
            INSERT INTO temp.merge_runs(run_id, version)
            SELECT r.run_id, (SELECT COALESCE(MAX(e.sequence), COUNT(*)) FROM src.ingest_events e WHERE e.run_id = r.run_id)
            FROM src.strategy_runs r;
            UPDATE temp.merge_runs SET relation = CASE
                WHEN NOT EXISTS (SELECT 1 FROM main.strategy_runs t WHERE t.run_id = merge_runs.run_id) THEN 'NEW'
                ELSE (SELECT CASE WHEN merge_runs.version > v THEN 'NEWER' WHEN merge_runs.version = v THEN 'SAME' ELSE 'OLDER' END
                      FROM (SELECT COALESCE(MAX(e.sequence), COUNT(*)) AS v FROM main.ingest_events e WHERE e.run_id = merge_runs.run_id))
                END;
            CREATE TEMP TABLE merge_event_keys AS
            SELECT e.run_id, e.sequence, e.id FROM main.ingest_events e JOIN temp.merge_runs c ON c.run_id = e.run_id
            WHERE c.relation <> 'NEW' AND e.sequence IS NOT NULL;
            CREATE INDEX temp.merge_event_keys_key ON merge_event_keys(run_id, sequence);
            """);
        foreach (var (relation, n) in connection.Query<(string, int)>("SELECT relation, COUNT(*) FROM temp.merge_runs GROUP BY relation"))
        {
            result.Count(relation, n);
        }
    }

    /// <summary>
    /// Keeps each incoming row that conflicted in ingest_quarantine, once: a merge of the same file again finds the
    /// row kept already and adds nothing. Conflicts are few (files written by the recorder do not disagree), so they
    /// are read and written one by one, with the differences in the reason.
    /// </summary>
    private void KeepConflicts(FileMergeResult result, string sourcePath)
    {
        var found = connection.Query<(string Table, string Key, string? Run, long? Sequence, string Stored, string Incoming)>(
            "SELECT table_name, natural_key, run_id, sequence, stored_json, incoming_json FROM temp.merge_conflicts ORDER BY rowid").AsList();
        var now = Timestamps.Format(options.Time.GetUtcNow());
        foreach (var (table, key, run, sequence, stored, incoming) in found)
        {
            var conflict = new MergeConflict(table, key, run, stored, incoming, AlreadyKept: false);
            var kept = connection.Execute("""
                INSERT INTO main.ingest_quarantine(run_id, event_type, sequence, reason, payload_json, received_utc, quarantined_utc)
                SELECT @run, @type, @sequence, @reason,
                       json_object('table', @table, 'key', @key, 'stored', json(@stored), 'incoming', json(@incoming)), @now, @now
                WHERE NOT EXISTS (SELECT 1 FROM main.ingest_quarantine q WHERE q.event_type = @type AND q.run_id IS @run
                  AND json_extract(q.payload_json, '$.table') = @table AND json_extract(q.payload_json, '$.key') = @key
                  AND json_extract(q.payload_json, '$.incoming') = json(@incoming))
                """, new
                {
                    run, type = ConflictEventType, sequence, table, key, stored, incoming, now,
                    reason = $"merge conflict: {table} {key} is stored with other content ({conflict.Differences()}); the stored row was kept, this is the row of {sourcePath}",
                });
            result.Conflicts.Add(conflict with { AlreadyKept = kept == 0 });
        }
    }

    private void Attach(string readPath, string sourcePath)
    {
        try
        {
            connection.Execute("ATTACH DATABASE @uri AS src", new { uri = SqliteUri.For(readPath, readOnly: true) });
        }
        catch (SqliteException ex)
        {
            throw DatabaseFile.Translate(ex, sourcePath);
        }
    }

    private void Detach()
    {
        try
        {
            connection.Execute("DETACH DATABASE src");
        }
        catch (SqliteException)
        {
            // Only if never attached; the error that brought us here is the one the caller sees.
        }
    }

    private int Execute(string sql) => connection.Execute(sql);

    private static bool SamePath(string a, string b) =>
        string.Equals(a, b, OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>Closes the target.</summary>
    public void Dispose() => connection.Dispose();
}
