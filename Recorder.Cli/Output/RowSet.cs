using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Output;

/// <summary>A table of values as SQLite holds them (long, double, string or null), for export, tables and --json.</summary>
internal sealed record RowSet(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)
{
    public static RowSet From(StoredTable table) => new(table.Columns, table.Rows.Select(r => r.ToArray()).ToList());
}
