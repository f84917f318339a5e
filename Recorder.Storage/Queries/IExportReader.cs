namespace QuantowerRecorder.Storage.Queries;

/// <summary>The tables `recorder export` writes: a run's rows of one kind as stored, in a stable order.</summary>
public interface IExportReader
{
    /// <summary>The kinds: orders, executions, trades, bars, equity.</summary>
    IReadOnlyList<string> Kinds { get; }

    /// <summary>The run's rows of one kind (<see cref="Kinds"/>); an unknown kind throws <see cref="ArgumentException"/>.</summary>
    StoredTable Table(string kind, string runId);

    /// <summary>
    /// <see cref="Table"/> in pieces of at most <paramref name="rows"/> rows, read as they are taken (at least one,
    /// empty when the run has none): an export of millions of rows never holds them all. Finish or dispose the
    /// enumeration before the next read on this reader (a PostgreSQL connection runs one statement at a time).
    /// </summary>
    IEnumerable<StoredTable> Batches(string kind, string runId, int rows);

    /// <summary>The normalised tables a replay rebuilds, in dependency order (strategies … bars).</summary>
    IReadOnlyList<string> NormalisedTables { get; }

    /// <summary>
    /// Every row of one normalised table (<see cref="NormalisedTables"/>), unordered: what `recorder replay` compares
    /// between a file and its rebuild. Another table throws <see cref="ArgumentException"/>.
    /// </summary>
    StoredTable WholeTable(string table);

    /// <summary>
    /// The SHA-256 (lower-case hex) of every manifest.json `recorder artifacts` wrote for the run from this store,
    /// oldest first; empty when none was (docs/cli.md, "artifacts").
    /// </summary>
    IReadOnlyList<string> ArtifactManifests(string runId);
}
