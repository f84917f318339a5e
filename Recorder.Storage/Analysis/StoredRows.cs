using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Analysis;

/// <summary>How a derived row a store writes stands to what the file holds under its key (<see cref="RowDiff.Change"/>).</summary>
internal enum RowChange
{
    /// <summary>Held so: not written.</summary>
    Same,

    /// <summary>No row is held under its key: inserted.</summary>
    New,

    /// <summary>Another row is held under its key: deleted, then this one inserted.</summary>
    Differs,
}

/// <summary>A derived row's key within its run: a trade's or a point's number, an order's id, a metric's key.</summary>
internal readonly record struct RowKey(string? Text, long Number)
{
    public static RowKey Of(string text) => new(text, 0);

    public static RowKey Of(long number) => new(null, number);

    public static RowKey Of(object? value) => value switch
    {
        string text => Of(text),
        long number => Of(number),
        _ => throw new InvalidOperationException($"a row's key is text or a whole number, not {value?.GetType().Name ?? "NULL"}"),
    };
}

/// <summary>
/// What one store of a running run's analysis wrote: every derived row by table and key, as the fingerprint of its
/// values (<see cref="Writing.RawStatement.Fingerprint"/>), with the metrics_json it ended with and the file's
/// data_version on the writer's connection after it. The next analysis of the run writes only the rows whose
/// fingerprint changed and deletes those gone, as long as the file still holds what this says (<see cref="Holds"/>).
/// </summary>
internal sealed class StoredRows
{
    /// <summary>
    /// The most rows a store is kept with: about 50 bytes each in memory, so a running run keeps at most ~12 MB here; a
    /// run with more is stored whole every time, as before (its facts are kept up to <see cref="RunFacts.MaxBars"/>).
    /// </summary>
    public const int MaxRows = 250_000;

    private readonly Dictionary<string, Dictionary<RowKey, ulong>> tables = new(StringComparer.Ordinal);

    public string? MetricsJson { get; set; }

    public long DataVersion { get; set; }

    /// <summary>Rows held, over every table.</summary>
    public int Count => tables.Values.Sum(t => t.Count);

    public void Add(string table, RowKey key, ulong fingerprint) => Table(table)[key] = fingerprint;

    /// <summary>The rows of <paramref name="written"/> over these (a store called off part way).</summary>
    public void Overlay(StoredRows written)
    {
        foreach (var (table, rows) in written.tables)
        {
            var held = Table(table);
            foreach (var (key, fingerprint) in rows)
            {
                held[key] = fingerprint;
            }
        }
    }

    /// <summary>The row's fingerprint as held here; null when no row is held under its key.</summary>
    public ulong? Held(string table, RowKey key) =>
        tables.TryGetValue(table, out var rows) && rows.TryGetValue(key, out var held) ? held : null;

    /// <summary>
    /// Takes the row out of these, as a store that keeps no image of its own notes it: its fingerprint as it was held,
    /// null when none was. What is left once every row was claimed is what the store no longer writes (<see cref="Left"/>).
    /// </summary>
    public ulong? Claim(string table, RowKey key) =>
        tables.TryGetValue(table, out var rows) && rows.Remove(key, out var held) ? held : null;

    /// <summary>The rows held here that no store claimed.</summary>
    public IEnumerable<(string Table, RowKey Key)> Left() =>
        tables.SelectMany(table => table.Value.Keys.Select(key => (table.Key, key)));

    /// <summary>The rows held here that <paramref name="next"/> has not.</summary>
    public IEnumerable<(string Table, RowKey Key)> Gone(StoredRows next)
    {
        foreach (var (table, rows) in tables)
        {
            next.tables.TryGetValue(table, out var kept);
            foreach (var key in rows.Keys)
            {
                if (kept is null || !kept.ContainsKey(key))
                {
                    yield return (table, key);
                }
            }
        }
    }

    /// <summary>Room for as many rows per table as <paramref name="like"/> holds (a store that will note about as many).</summary>
    public void Reserve(StoredRows like)
    {
        foreach (var (table, rows) in like.tables)
        {
            Table(table).EnsureCapacity(rows.Count);
        }
    }

    /// <summary>
    /// Whether the file still holds what this says, on the writer's connection: no other connection committed since
    /// (a `recorder analyze`, a tag or a merge from another process changes the data_version), and the run's
    /// metrics_json is the one stored then (the trial figures, stored on this connection, rewrite it when they change).
    /// </summary>
    public bool Holds(SqliteConnection connection, string runId) =>
        Version(connection) == DataVersion
        && string.Equals(connection.Scalar("SELECT metrics_json FROM strategy_runs WHERE run_id = @runId", new { runId }) as string, MetricsJson,
            StringComparison.Ordinal);

    public static long Version(SqliteConnection connection) => connection.Scalar("PRAGMA data_version;") as long? ?? 0;

    private Dictionary<RowKey, ulong> Table(string table)
    {
        if (!tables.TryGetValue(table, out var rows))
        {
            tables[table] = rows = [];
        }

        return rows;
    }
}

/// <summary>
/// The writer's record of what it stored last for each running run (<see cref="StoredRows"/>): taken by the run's next
/// store, kept again by a running analysis once its last step has run, dropped by a whole run's. A store that fails or
/// is called off keeps nothing, so the next one writes every row again.
/// </summary>
internal sealed class StoredImages
{
    private readonly ConcurrentDictionary<string, StoredRows> runs = new(StringComparer.Ordinal);

    public StoredRows? Take(string runId) => runs.TryRemove(runId, out var rows) ? rows : null;

    public void Keep(string runId, StoredRows rows) => runs[runId] = rows;

    /// <summary>Whether the run's last store was kept for its next.</summary>
    public bool Has(string runId) => runs.ContainsKey(runId);

    /// <summary>Forgets every run's: the next stores write every row (a job failed, perhaps after a store kept its rows).</summary>
    public void Clear() => runs.Clear();

    private long written;
    private long unchanged;

    /// <summary>Runs held now (tests: an ended run's is dropped).</summary>
    public int Count => runs.Count;

    /// <summary>Rows the writer's stores wrote, and left as they were because they were stored so (tests, benchmarks).</summary>
    public (long Written, long Unchanged) Rows => (Interlocked.Read(ref written), Interlocked.Read(ref unchanged));

    public void Counted(int rowsWritten, int rowsUnchanged)
    {
        Interlocked.Add(ref written, rowsWritten);
        Interlocked.Add(ref unchanged, rowsUnchanged);
    }
}

/// <summary>
/// One store's comparison with what the writer stored last: decided at the store's first step (<see cref="Check"/>), on
/// the writer's connection; until then, and without a previous store that still holds, every row is written. A running
/// run's store (<paramref name="keep"/>) is kept for the run's next, unless it has more than <paramref name="maxRows"/>
/// rows; a whole run's is not: it makes no image of its own, but claims each row it writes out of the previous store's
/// (<see cref="StoredRows.Claim"/>, which it took), so that what is left there is what it no longer writes.
/// </summary>
internal sealed class RowDiff(StoredImages? images, string runId, bool keep, int maxRows = StoredRows.MaxRows)
{
    private StoredRows? previous;

    /// <summary>No comparison: every row written, nothing noted (a store outside the writer's record).</summary>
    public static RowDiff None { get; } = new(null, string.Empty, keep: false);

    /// <summary>What this store writes, as the next store's previous (a running run's store: a whole run's notes none).</summary>
    public StoredRows Next { get; } = new();

    /// <summary>Rows are fingerprinted and noted, for this store's comparison or the next's (the writer's stores).</summary>
    public bool Tracking => images is not null && (keep || Active);

    /// <summary>Rows are compared: the run's earlier rows are not cleared, only those changed are written.</summary>
    public bool Active { get; private set; }

    /// <summary>Rows left unwritten because they were stored so (tests and benchmarks).</summary>
    public int Unchanged { get; private set; }

    // Rows noted by this store.
    private int noted;

    public void Check(SqliteConnection connection)
    {
        previous = images?.Take(runId);
        Active = previous is not null && previous.Holds(connection, runId);
        if (previous is not null && keep)
        {
            Next.Reserve(previous);
        }
    }

    /// <summary>
    /// Notes the row; whether the file holds it so (<see cref="RowChange.Same"/>: it is not written), holds another row
    /// under its key (<see cref="RowChange.Differs"/>: that one is deleted first, <see cref="RowReplacer.Replacing"/>), or none
    /// (<see cref="RowChange.New"/>: the run's rows were cleared, or the previous store wrote no row under it).
    /// </summary>
    public RowChange Change(string table, RowKey key, ulong fingerprint)
    {
        if (!Tracking)
        {
            return RowChange.New;
        }

        noted++;
        if (keep)
        {
            Next.Add(table, key, fingerprint);
        }

        if (!Active)
        {
            return RowChange.New;
        }

        var held = keep ? previous!.Held(table, key) : previous!.Claim(table, key);
        if (held == fingerprint)
        {
            Unchanged++;
            return RowChange.Same;
        }

        return held is null ? RowChange.New : RowChange.Differs;
    }

    /// <summary>The deletes of a step's rows that replace others under their key (<see cref="RowReplacer"/>).</summary>
    public RowReplacer Replacer(SqliteConnection connection) => new(connection, runId);

    /// <summary>The statement a store of this comparison writes through: fingerprinted where rows are noted.</summary>
    public Writing.RawStatement Prepared(Writing.RawStatement statement) => Tracking ? statement.Fingerprinted() : statement;

    /// <summary>Runs the row given to <paramref name="statement"/>, replacing the one stored under its key; or skips it if it was stored so.</summary>
    public void Write(RowReplacer replacer, Writing.RawStatement statement, string table, RowKey key)
    {
        var change = Tracking ? Change(table, key, statement.Fingerprint()) : RowChange.New;
        if (change == RowChange.Same)
        {
            statement.Skip();
            return;
        }

        replacer.Replacing(change, table, key);
        statement.Run();
    }

    /// <summary>Deletes the rows the previous store wrote and this one has not (a trade merged away, a metric no longer given).</summary>
    public void DeleteGone(RowReplacer replacer)
    {
        foreach (var (table, key) in Gone())
        {
            replacer.Delete(table, key);
        }
    }

    public IEnumerable<(string Table, RowKey Key)> Gone() => !Active ? [] : keep ? previous!.Gone(Next) : previous!.Left();

    /// <summary>
    /// A running run's store called off between two steps: the file holds the previous store's rows with those written
    /// since over them, and no metrics_json (the first step cleared it), which is kept for the next store. One that had
    /// cleared the run's rows (no previous store held) keeps nothing: the next store writes every row.
    /// </summary>
    public void CalledOff(SqliteConnection connection)
    {
        if (!keep || !Active)
        {
            return;
        }

        previous!.Overlay(Next);
        previous.MetricsJson = null;
        previous.DataVersion = StoredRows.Version(connection);
        if (previous.Count <= maxRows)
        {
            images!.Keep(runId, previous);
        }
    }

    /// <summary>After the last step: a running run's store is kept for its next.</summary>
    public void Stored(SqliteConnection connection, string metricsJson)
    {
        if (!Tracking)
        {
            return;
        }

        images!.Counted(noted - Unchanged, Unchanged);
        if (!keep || Next.Count > maxRows)
        {
            return;
        }

        Next.MetricsJson = metricsJson;
        Next.DataVersion = StoredRows.Version(connection);
        images.Keep(runId, Next);
    }
}

/// <summary>
/// Deletes, within one step of a store, the rows of a run that others replace under their key: only for a row that
/// <see cref="RowChange.Differs"/> from the one stored. A new row is inserted as it is, by a plain INSERT, which costs
/// SQLite about a fifth less than INSERT OR REPLACE (docs/benchmarks.md), and most of a compared store's rows are new:
/// the run's rows since its last store. The delete is prepared once a step, on the first row that needs it.
/// </summary>
internal sealed class RowReplacer(SqliteConnection connection, string runId) : IDisposable
{
    private Writing.RawStatement? delete;
    private string? table;

    /// <summary>Before <paramref name="key"/>'s row is inserted: the row stored under it deleted, when it differs.</summary>
    public void Replacing(RowChange change, string table, RowKey key)
    {
        if (change == RowChange.Differs)
        {
            Delete(table, key);
        }
    }

    /// <summary>Deletes the run's row of <paramref name="table"/> under <paramref name="key"/>.</summary>
    public void Delete(string table, RowKey key)
    {
        if (delete is null || !string.Equals(this.table, table, StringComparison.Ordinal))
        {
            delete?.Dispose();
            delete = null;
            delete = new Writing.RawStatement(connection, AnalysisSteps.Sql.DeleteRow(table), "@runId", "@key");
            this.table = table;
        }

        delete.Text(0, runId);
        _ = key.Text is { } text ? delete.Text(1, text) : delete.Integer(1, key.Number);
        delete.Run();
    }

    public void Dispose() => delete?.Dispose();
}
