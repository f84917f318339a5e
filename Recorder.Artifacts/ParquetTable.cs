using System.Globalization;
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
    /// Rows per row group: large enough that a reader's per-group overhead vanishes and dictionaries pay off, small
    /// enough that a 1M-row file still splits into several groups a reader can take in parallel.
    /// </summary>
    public const int RowGroupRows = 256 * 1024;

    /// <summary>Writes the file whole under its name, or leaves the name as it was (temporary file, then rename).</summary>
    public static Task WriteFileAsync(StoredTable table, string path, CancellationToken cancel = default) =>
        AtomicFile.WriteAsync(path, (s, c) => WriteAsync(table, s, c), cancel, overwrite: true);

    public static async Task WriteAsync(StoredTable table, Stream output, CancellationToken cancel = default)
    {
        var fields = table.Columns.Select(Field).ToArray();
        // A sample decides whether a free-text column (ids) is worth a dictionary, rather than a scan of every value.
        var options = new ParquetOptions
        {
            CompressionMethod = CompressionMethod.Zstd,
            // zstd at its fastest still takes the files to a twentieth of the rows in SQLite (the export benchmark).
            CompressionLevel = System.IO.Compression.CompressionLevel.Fastest,
            DictionaryEncodingSampleSize = 1024,
        };
        for (var c = 0; c < fields.Length; c++)
        {
            if (ColumnKinds.Of(table.Columns[c]) == ColumnKind.Enumeration)
            {
                options.ColumnEncodingHints[fields[c].Name] = EncodingHint.Dictionary;
            }
        }

        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), output, options, cancellationToken: cancel).ConfigureAwait(false);
        var rows = table.Rows;
        // An empty table is still one (empty) row group, so readers see its schema.
        for (var start = 0; start == 0 || start < rows.Count; start += RowGroupRows)
        {
            var count = Math.Min(RowGroupRows, rows.Count - start);
            using var group = writer.CreateRowGroup();
            for (var c = 0; c < fields.Length; c++)
            {
                await WriteColumn(group, fields[c], ColumnKinds.Of(table.Columns[c]), rows, c, start, count, cancel).ConfigureAwait(false);
            }
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

    private static Task WriteColumn(ParquetRowGroupWriter group, DataField field, ColumnKind kind, IReadOnlyList<IReadOnlyList<object?>> rows, int column, int start, int count, CancellationToken cancel)
    {
        switch (kind)
        {
            case ColumnKind.Timestamp:
                var times = new DateTime?[count];
                for (var i = 0; i < count; i++)
                {
                    times[i] = ToTime(rows[start + i][column], field.Name);
                }

                return group.WriteAsync<DateTime>(field, times, cancellationToken: cancel);
            case ColumnKind.Integer:
                var longs = new long?[count];
                for (var i = 0; i < count; i++)
                {
                    longs[i] = rows[start + i][column] is { } v ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : null;
                }

                return group.WriteAsync<long>(field, longs, cancellationToken: cancel);
            case ColumnKind.Real:
                var doubles = new double?[count];
                for (var i = 0; i < count; i++)
                {
                    doubles[i] = rows[start + i][column] is { } v ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : null;
                }

                return group.WriteAsync<double>(field, doubles, cancellationToken: cancel);
            default:
                var texts = new string?[count];
                for (var i = 0; i < count; i++)
                {
                    texts[i] = rows[start + i][column] is { } v ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;
                }

                return group.WriteAsync(field, texts!);
        }
    }

    private static DateTime? ToTime(object? value, string column) => value switch
    {
        null => null,
        DateTime t => t.Kind == DateTimeKind.Utc ? t : DateTime.SpecifyKind(t, DateTimeKind.Utc),
        string { Length: 28 } s when StoredTime(s) is { } stored => stored,
        string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) => parsed.UtcDateTime,
        _ => throw new FormatException($"Column {column} holds '{value}', which is not a UTC time."),
    };

    // The stored form, yyyy-MM-ddTHH:mm:ss.fffffffZ (Storage's Timestamps), read digit by digit: the general parser
    // cost more than the rest of the export. Anything else falls back to it.
    private static DateTime? StoredTime(string s)
    {
        if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.' || s[27] != 'Z')
        {
            return null;
        }

        int Digits(int at, int count)
        {
            var value = 0;
            for (var i = at; i < at + count; i++)
            {
                var d = s[i] - '0';
                if ((uint)d > 9)
                {
                    return -1;
                }

                value = (value * 10) + d;
            }

            return value;
        }

        int year = Digits(0, 4), month = Digits(5, 2), day = Digits(8, 2), hour = Digits(11, 2), minute = Digits(14, 2), second = Digits(17, 2), ticks = Digits(20, 7);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 59 || ticks < 0)
        {
            return null;
        }

        return new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks);
    }
}
