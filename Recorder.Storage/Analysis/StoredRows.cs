using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Storage.Analysis;

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
/// store, kept again by a running analysis once its last step has run, dropped by a whole run's. A store that fails keeps
/// nothing, so the next one writes every row again; one called off keeps what its steps wrote (<see cref="RowDiff.CalledOff"/>).
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
