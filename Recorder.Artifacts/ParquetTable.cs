using Parquet;
using Parquet.Schema;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Artifacts;

/// <summary>
/// Writes rows of the read API as one Parquet file: zstd, one row group per <see cref="RowGroupRows"/> rows, times as
/// UTC nanosecond timestamps (see Field), enumerations dictionary-encoded, money as doubles.
/// </summary>
public static class ParquetTable
{
    /// <summary>
    /// Rows per row group: large enough that a reader's per-group overhead vanishes and dictionaries pay off (the
    /// files stay at a fourteenth of the rows in SQLite), small enough that a 1M-row file splits into groups a reader
    /// takes in parallel, and that the group's text held until it is written does not outlive the collector's young
    /// generations (the export benchmark: 131,072 rows took the export from 1.3 to 1.6 times a plain read).
    /// </summary>
    public const int RowGroupRows = 64 * 1024;

    /// <summary>Writes the file whole under its name, or leaves the name as it was (temporary file, then rename).</summary>
    public static async Task<long> WriteFileAsync(IEnumerable<StoredTable> batches, string path, CancellationToken cancel = default)
    {
        long rows = 0;
        await AtomicFile.WriteAsync(path, async (s, c) => rows = await WriteAsync(batches, s, c).ConfigureAwait(false), cancel, overwrite: true).ConfigureAwait(false);
        return rows;
    }

    /// <summary>
    /// Writes pieces of one table (the same columns, as <see cref="RunTables.Batches"/> reads them) as one file, a row
    /// group per piece (split at <see cref="RowGroupRows"/>), and returns the rows written.
    /// </summary>
    public static async Task<long> WriteAsync(IEnumerable<StoredTable> batches, Stream output, CancellationToken cancel = default)
    {
        using var pieces = batches.GetEnumerator();
        if (!pieces.MoveNext())
        {
            throw new ArgumentException("No table to write: not even its columns.", nameof(batches));
        }

        var columns = pieces.Current.Columns;
        var fields = columns.Select(Field).ToArray();
        // A sample decides whether a free-text column (ids) is worth a dictionary, rather than a scan of every value.
        var options = new ParquetOptions
        {
            CompressionMethod = CompressionMethod.Zstd,
            // zstd at its fastest still takes the files to a twentieth of the rows in SQLite (the export benchmark).
            CompressionLevel = System.IO.Compression.CompressionLevel.Fastest,
            DictionaryEncodingSampleSize = 1024,
        };
        foreach (var column in columns.Where(c => ColumnKinds.Of(c) == ColumnKind.Enumeration))
        {
            options.ColumnEncodingHints[column] = EncodingHint.Dictionary;
        }

        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), output, options, cancellationToken: cancel).ConfigureAwait(false);
        // Values are turned into typed columns as the pieces come: a group's numbers and times are held unboxed, and
        // the pieces die young (the export benchmark: holding a group's rows as objects cost as much as reading them).
        var buffers = fields.Select((f, c) => new ColumnBuffer(f, ColumnKinds.Of(columns[c]), RowGroupRows)).ToArray();
        long written = 0;
        var filled = 0;
        do
        {
            if (!pieces.Current.Columns.SequenceEqual(columns, StringComparer.Ordinal))
            {
                throw new ArgumentException($"A piece has the columns {string.Join(", ", pieces.Current.Columns)}, not {string.Join(", ", columns)}.", nameof(batches));
            }

            foreach (var row in pieces.Current.Rows)
            {
                for (var c = 0; c < buffers.Length; c++)
                {
                    buffers[c].Set(filled, row[c]);
                }

                written++;
                if (++filled == RowGroupRows)
                {
                    await WriteGroup(writer, buffers, filled, cancel).ConfigureAwait(false);
                    filled = 0;
                }
            }
        }
        while (pieces.MoveNext());

        // An empty table is still one (empty) row group, so readers see its schema.
        if (filled > 0 || written == 0)
        {
            await WriteGroup(writer, buffers, filled, cancel).ConfigureAwait(false);
        }

        return written;
    }

    private static async Task WriteGroup(ParquetWriter writer, ColumnBuffer[] buffers, int count, CancellationToken cancel)
    {
        using var group = writer.CreateRowGroup();
        foreach (var buffer in buffers)
        {
            await buffer.WriteAsync(group, count, cancel).ConfigureAwait(false);
        }
    }

    // Times are UTC wall-clock nanoseconds (every name ends in _utc) with Parquet's isAdjustedToUTC left false: DuckDB
    // reads a UTC-adjusted nanosecond column as TIMESTAMPTZ, whose microseconds drop a tick's last digit, while a
    // plain one stays TIMESTAMP_NS (pandas and polars read both to the nanosecond).
    private static DataField Field(string column) => ColumnKinds.Of(column) switch
    {
        ColumnKind.Timestamp => new DateTimeDataField(column, DateTimeFormat.Timestamp, isAdjustedToUTC: false, unit: DateTimeTimeUnit.Nanos, isNullable: true),
        ColumnKind.Integer => new DataField<long?>(column),
        ColumnKind.Real => new DataField<double?>(column),
        _ => new DataField<string>(column, true),
    };
}
