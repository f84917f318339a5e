namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// Rows as SQLite holds them (each value a long, double, string or null), with their column names: what an export
/// writes as CSV or JSON without knowing the table.
/// </summary>
/// <param name="Columns">Column names, in order.</param>
/// <param name="Rows">The rows; each has one value per column.</param>
public sealed record StoredTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows);
