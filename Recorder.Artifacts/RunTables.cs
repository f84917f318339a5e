using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Artifacts;

/// <summary>
/// A run's export tables shaped for Parquet: the read API's rows plus a <c>currency</c> column, because a money
/// figure alone does not say what it is in (docs/metrics.md: money is in the instrument's currency).
/// </summary>
public static class RunTables
{
    /// <summary>The table of one kind (<see cref="IExportReader.Kinds"/>) with its currency column last.</summary>
    public static StoredTable Read(IRecorderReader reader, string kind, string runId)
    {
        var table = reader.Exports.Table(kind, runId);
        var instruments = reader.Runs.Detail(runId)?.Instruments ?? [];
        var bySymbol = instruments.GroupBy(i => i.Symbol, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Currency, StringComparer.Ordinal);
        var symbol = IndexOf(table, "symbol");
        // A table without a symbol (equity) is in the run's one currency; with several, no single one is true.
        var currencies = instruments.Select(i => i.Currency).Where(c => c is not null).Distinct(StringComparer.Ordinal).ToList();
        var runCurrency = currencies.Count == 1 ? currencies[0] : null;
        var rows = new List<IReadOnlyList<object?>>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            var currency = symbol >= 0
                ? (row[symbol] is string s && bySymbol.TryGetValue(s, out var c) ? c : null)
                : runCurrency;
            rows.Add([.. row, currency]);
        }

        return new StoredTable([.. table.Columns, "currency"], rows);
    }

    /// <summary>Only these columns, in this order.</summary>
    public static StoredTable Select(StoredTable table, params string[] columns)
    {
        var indexes = columns.Select(c => IndexOf(table, c) is var i and >= 0 ? i : throw new ArgumentException($"No column {c}.", nameof(columns))).ToArray();
        var rows = table.Rows.Select(r => (IReadOnlyList<object?>)indexes.Select(i => r[i]).ToArray()).ToList();
        return new StoredTable(columns, rows);
    }

    /// <summary>Several runs' tables of one kind in one, each row led by its run_id.</summary>
    public static StoredTable WithRunIds(IReadOnlyList<(string RunId, StoredTable Table)> tables)
    {
        if (tables.Count == 0)
        {
            throw new ArgumentException("No runs.", nameof(tables));
        }

        var rows = new List<IReadOnlyList<object?>>(tables.Sum(t => t.Table.Rows.Count));
        foreach (var (runId, table) in tables)
        {
            rows.AddRange(table.Rows.Select(r => (IReadOnlyList<object?>)[runId, .. r]));
        }

        return new StoredTable(["run_id", .. tables[0].Table.Columns], rows);
    }

    private static int IndexOf(StoredTable table, string column)
    {
        for (var i = 0; i < table.Columns.Count; i++)
        {
            if (string.Equals(table.Columns[i], column, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
