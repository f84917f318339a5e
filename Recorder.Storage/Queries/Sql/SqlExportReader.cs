using Dapper;

namespace QuantowerRecorder.Storage.Queries.Sql;

/// <summary>The export tables as stored (values as SQLite returns them).</summary>
internal sealed class SqlExportReader : IExportReader
{
    private readonly ReadConnection connection;

    public SqlExportReader(ReadConnection connection) => this.connection = connection;

    public IReadOnlyList<string> Kinds => ExportSql.Kinds;

    public StoredTable Table(string kind, string runId) => connection.Read(_ => Batches(kind, runId, int.MaxValue).Single());

    public IEnumerable<StoredTable> Batches(string kind, string runId, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        if (kind == "equity")
        {
            // run_equity folds flat strides into one row (docs/metrics.md): the export lists every point.
            return connection.Stream(c => EquityBatches(c, runId, rows));
        }

        return ExportSql.ByKind.TryGetValue(kind, out var sql)
            ? connection.Stream(c => StoredTables.InBatches(c, sql, rows, new { run = runId }))
            : throw new ArgumentException($"No export of '{kind}'; one of: {string.Join(", ", Kinds)}.", nameof(kind));
    }

    private static IEnumerable<StoredTable> EquityBatches(System.Data.Common.DbConnection connection, string runId, int rows)
    {
        string[] columns = ["seq", "ts_utc", "equity", "drawdown", "drawdown_pct"];
        var points = Analysis.EquityStrides.Read(connection, runId)
            .Select(e => (IReadOnlyList<object?>)[e.Seq, e.TsUtc, e.Equity, e.Drawdown, e.DrawdownPct]).ToList();
        for (var start = 0; start == 0 || start < points.Count; start += rows)
        {
            yield return new StoredTable(columns, points.GetRange(start, Math.Min(rows, points.Count - start)));
        }
    }

    public IReadOnlyList<string> NormalisedTables { get; } =
    [
        "strategies", "strategy_instances", "strategy_runs", "orders", "executions", "order_oco_groups", "order_oco_links",
        "run_series", "bars",
    ];

    public StoredTable WholeTable(string table)
    {
        if (!NormalisedTables.Contains(table, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{table}' is not one of the normalised tables: {string.Join(", ", NormalisedTables)}.", nameof(table));
        }

        // The name comes from the fixed list above, never from the caller's text.
        return connection.Read(c => StoredTables.Read(c, $"SELECT * FROM {table}"));
    }

    // A store older than the table (file schema 13, team schema 10) was never given a manifest: none.
    public IReadOnlyList<string> ArtifactManifests(string runId) => connection.Read(c =>
        c.ExecuteScalar<long>(connection.Dialect.TableExists("run_artifacts")) == 0
            ? []
            : c.Query<string>("SELECT manifest_sha256 FROM run_artifacts WHERE run_id = @run ORDER BY written_utc, manifest_sha256", new { run = runId }).AsList());
}
