using System.Diagnostics;
using Microsoft.Data.Sqlite;
using QuantowerRecorder.Artifacts;
using QuantowerRecorder.Storage.Queries;
using QuantowerRecorder.Storage.Sqlite;

namespace QuantowerRecorder.Benchmarks;

/// <summary>
/// The Parquet export benchmark: a run of N fills and N bars (the analyze benchmark's run) exported as fills and bars
/// Parquet through the read API, against a plain read of the same rows from the same file (a prepared SELECT of the
/// export's columns, every value taken); and the Parquet files' bytes against those rows' pages in SQLite (dbstat).
/// </summary>
internal static class ExportBenchmark
{
    private static readonly string[] Kinds = ["executions", "bars"];

    public static int Run(long executions, long bars, int rounds, string? jsonPath, string? directory)
    {
        return BenchmarkOutput.InFolder(directory, "qr-export-", dir =>
        {
            var path = Path.Combine(dir, "export.db");
            Console.Error.WriteLine($"writing {executions:N0} executions and {bars:N0} bars…");
            var runId = AnalyzeBenchmark.Fill(path, executions, bars);
            double export = double.MaxValue, read = double.MaxValue, readApi = 0;
            long parquetBytes = 0, rows = 0;
            // Taking turns, best round each: another process on a shared machine can only slow a round down.
            for (var round = 0; round < rounds; round++)
            {
                Console.Error.WriteLine($"round {round + 1}: plain read, export…");
                var (readSeconds, readRows) = PlainRead(path, runId);
                read = Math.Min(read, readSeconds);
                var (exportSeconds, readApiSeconds, bytes) = Export(path, runId, Path.Combine(dir, "round" + round));
                if (exportSeconds < export)
                {
                    export = exportSeconds;
                    readApi = readApiSeconds;
                }

                parquetBytes = bytes;
                rows = readRows;
            }

            var sqliteBytes = SqliteBytes(path);
            var result = new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["executions"] = executions,
                ["bars"] = bars,
                ["rows"] = rows,
                ["rounds"] = rounds,
                ["export_seconds"] = Math.Round(export, 3),
                ["plain_read_seconds"] = Math.Round(read, 3),
                ["export_vs_read"] = Math.Round(export / read, 2),
                // Where the export's time goes: the read API's rows (with the currency column), the rest is Parquet.
                ["export_read_api_seconds"] = Math.Round(readApi, 3),
                ["export_parquet_seconds"] = Math.Round(export - readApi, 3),
                ["parquet_bytes"] = parquetBytes,
                ["sqlite_bytes"] = sqliteBytes,
                ["parquet_vs_sqlite_bytes"] = Math.Round((double)parquetBytes / sqliteBytes, 3),
                ["processor_count"] = Environment.ProcessorCount,
            };
            return BenchmarkOutput.Report(result, jsonPath);
        });
    }

    private static (double Seconds, double ReadSeconds, long Bytes) Export(string path, string runId, string folder)
    {
        Directory.CreateDirectory(folder);
        var started = Stopwatch.GetTimestamp();
        long bytes = 0;
        var reading = TimeSpan.Zero;
        using (var reader = RecorderStore.OpenRead(path))
        {
            foreach (var kind in Kinds)
            {
                var file = Path.Combine(folder, kind + ".parquet");
                ParquetTable.WriteFileAsync(Timed(RunTables.Batches(reader, kind, runId)), file).GetAwaiter().GetResult();
                bytes += new FileInfo(file).Length;
            }
        }

        return (Stopwatch.GetElapsedTime(started).TotalSeconds, reading.TotalSeconds, bytes);

        // The time spent taking each piece from the read API, as the export takes them.
        IEnumerable<StoredTable> Timed(IEnumerable<StoredTable> batches)
        {
            using var pieces = batches.GetEnumerator();
            while (true)
            {
                var read = Stopwatch.GetTimestamp();
                var more = pieces.MoveNext();
                reading += Stopwatch.GetElapsedTime(read);
                if (!more)
                {
                    yield break;
                }

                yield return pieces.Current;
            }
        }
    }

    // The export's own statements' columns, read with a prepared SELECT, every value taken as SQLite gives it.
    private static (double Seconds, long Rows) PlainRead(string path, string runId)
    {
        var started = Stopwatch.GetTimestamp();
        long rows = 0;
        using var connection = DatabaseFile.OpenForReading(path);
        foreach (var sql in new[]
        {
            "SELECT execution_id, order_id, exec_utc, symbol, account_id, side, price, quantity, fee, fee_currency, liquidity, position_impact FROM executions WHERE run_id = $run ORDER BY exec_utc, execution_id",
            "SELECT rs.symbol, rs.timeframe, b.ts_utc, b.open, b.high, b.low, b.close, b.volume, b.volumetric_json FROM bars b JOIN run_series rs ON rs.series_id = b.series_id WHERE rs.run_id = $run ORDER BY rs.symbol, rs.timeframe, b.ts_utc",
        })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$run", runId);
            using var reader = command.ExecuteReader();
            var values = new object[reader.FieldCount];
            while (reader.Read())
            {
                reader.GetValues(values);
                rows++;
            }
        }

        return (Stopwatch.GetElapsedTime(started).TotalSeconds, rows);
    }

    // The bundled SQLite (SQLitePCLRaw's e_sqlite3) is built without dbstat, so the rows' bytes are measured as a
    // fresh file holding only the two tables' rows (CREATE TABLE … AS SELECT: every stored column, no index, since an
    // index is SQLite's way in, not the data): its page_count × page_size.
    private static long SqliteBytes(string path)
    {
        var copy = path + ".rows";
        using var rows = new SqliteConnection($"Data Source={copy};Pooling=False");
        rows.Open();
        using (var command = rows.CreateCommand())
        {
            command.CommandText = $"ATTACH DATABASE '{path.Replace("'", "''", StringComparison.Ordinal)}' AS source; " +
                "CREATE TABLE executions AS SELECT * FROM source.executions; CREATE TABLE bars AS SELECT * FROM source.bars; DETACH DATABASE source;";
            command.ExecuteNonQuery();
        }

        using var size = rows.CreateCommand();
        size.CommandText = "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()";
        return Convert.ToInt64(size.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
