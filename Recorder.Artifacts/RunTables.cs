using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Artifacts;

/// <summary>
/// A run's export tables shaped for Parquet: the read API's rows plus a <c>currency</c> column, because a money
/// figure alone does not say what it is in (docs/metrics.md: money is in the instrument's currency).
/// </summary>
public static class RunTables
{
    /// <summary>
    /// Rows per piece read from the store: few enough that a piece's boxed values die young, many enough that a piece's
    /// own cost vanishes (the export benchmark).
    /// </summary>
    public const int PieceRows = 16 * 1024;

    /// <summary>The table of one kind (<see cref="IExportReader.Kinds"/>) with its currency column last.</summary>
    public static StoredTable Read(IRecorderReader reader, string kind, string runId) =>
        Batches(reader, kind, runId, int.MaxValue).Single();

    /// <summary>
    /// <see cref="Read"/> in pieces of at most <paramref name="rows"/> rows, read as they are taken
    /// (<see cref="IExportReader.Batches"/>).
    /// </summary>
    public static IEnumerable<StoredTable> Batches(IRecorderReader reader, string kind, string runId, int rows = PieceRows)
    {
        var instruments = reader.Runs.Instruments(runId);
        var bySymbol = instruments.GroupBy(i => i.Symbol, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Currency, StringComparer.Ordinal);
        // A table without a symbol (equity) is in the run's one currency; with several, no single one is true.
        var currencies = instruments.Select(i => i.Currency).Where(c => c is not null).Distinct(StringComparer.Ordinal).ToList();
        var runCurrency = currencies.Count == 1 ? currencies[0] : null;
        return reader.Exports.Batches(kind, runId, rows).Select(batch => WithCurrency(batch, bySymbol, runCurrency));
    }

    private static StoredTable WithCurrency(StoredTable table, Dictionary<string, string?> bySymbol, string? runCurrency)
    {
        var symbol = IndexOf(table, "symbol");
        string? Currency(IReadOnlyList<object?> row) => symbol < 0 ? runCurrency : row[symbol] is string s && bySymbol.TryGetValue(s, out var c) ? c : null;
        var rows = table.Rows.Select(row => new Extended(row, Currency(row), leading: false)).ToList<IReadOnlyList<object?>>();
        return new StoredTable([.. table.Columns, "currency"], rows);
    }

    /// <summary>Only these columns, in this order.</summary>
    public static StoredTable Select(StoredTable table, params string[] columns)
    {
        var indexes = columns.Select(c => IndexOf(table, c) is var i and >= 0 ? i : throw new ArgumentException($"No column {c}.", nameof(columns))).ToArray();
        var rows = table.Rows.Select(r => (IReadOnlyList<object?>)indexes.Select(i => r[i]).ToArray()).ToList();
        return new StoredTable(columns, rows);
    }

    /// <summary>Several runs' tables of one kind in one, each row led by its run_id (a run's pieces stay pieces).</summary>
    public static IEnumerable<StoredTable> WithRunIds(IEnumerable<(string RunId, IEnumerable<StoredTable> Batches)> runs)
    {
        var any = false;
        foreach (var (runId, batches) in runs)
        {
            foreach (var table in batches)
            {
                any = true;
                var rows = table.Rows.Select(row => new Extended(row, runId, leading: true)).ToList<IReadOnlyList<object?>>();
                yield return new StoredTable(["run_id", .. table.Columns], rows);
            }
        }

        if (!any)
        {
            throw new ArgumentException("No runs.", nameof(runs));
        }
    }

    // A row with one more value, first or last, without copying the row (the export benchmark: copying cost a tenth of the read).
    private sealed class Extended(IReadOnlyList<object?> row, object? value, bool leading) : IReadOnlyList<object?>
    {
        public int Count => row.Count + 1;

        public object? this[int index] => leading ? (index == 0 ? value : row[index - 1]) : (index == row.Count ? value : row[index]);

        public IEnumerator<object?> GetEnumerator() => (leading ? row.Prepend(value) : row.Append(value)).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static int IndexOf(StoredTable table, string column) => table.Columns.ToList().IndexOf(column);
}
