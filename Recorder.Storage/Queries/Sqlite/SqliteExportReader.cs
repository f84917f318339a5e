namespace QuantowerRecorder.Storage.Queries.Sqlite;

/// <summary>The export tables as stored (values as SQLite returns them).</summary>
internal sealed class SqliteExportReader : IExportReader
{
    private readonly ReadConnection connection;

    public SqliteExportReader(ReadConnection connection) => this.connection = connection;

    public IReadOnlyList<string> Kinds => ExportSql.Kinds;

    public StoredTable Table(string kind, string runId)
    {
        if (!ExportSql.ByKind.TryGetValue(kind, out var sql))
        {
            throw new ArgumentException($"No export of '{kind}'; one of: {string.Join(", ", Kinds)}.", nameof(kind));
        }

        return connection.Read(c => Rows.Table(c, sql, ("@run", runId)));
    }
}
