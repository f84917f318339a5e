using QuantowerRecorder.Storage;

namespace QuantowerRecorder.Artifacts;

/// <summary>
/// Every run's table of one kind as one dataset, partitioned by run in the Hive layout
/// (<c>DIR/&lt;table&gt;/run_id=&lt;id&gt;/part-0.parquet</c>) that DuckDB, polars and pandas read as one table with a
/// run_id column. The files hold no run_id of their own: the folder name gives it.
/// </summary>
public static class HiveDataset
{
    public static string PartPath(string folder, string table, string runId) =>
        Path.Combine(folder, table, $"run_id={runId}", "part-0.parquet");

    /// <summary>
    /// Writes every table of every run, run by run; <paramref name="progress"/> hears the runs done of all of them.
    /// Returns how many files were written.
    /// </summary>
    public static async Task<int> WriteAsync(string folder, IReadOnlyList<string> tables, IReadOnlyList<string> runIds,
        Func<string, string, IEnumerable<Storage.Queries.StoredTable>> read, IProgress<(long Done, long Total)>? progress = null,
        CancellationToken cancel = default)
    {
        ArtifactFolder.RequireEmpty(folder);
        var files = 0;
        for (var run = 0; run < runIds.Count; run++)
        {
            foreach (var table in tables)
            {
                var path = PartPath(folder, table, runIds[run]);
                DurableFile.CreateFolder(Path.GetDirectoryName(path)!);
                var rows = read(table, runIds[run]);
                await AtomicFile.WriteAsync(path, (s, c) => ParquetTable.WriteAsync(rows, s, c), cancel).ConfigureAwait(false);
                files++;
            }

            progress?.Report((run + 1, runIds.Count));
        }

        return files;
    }
}
