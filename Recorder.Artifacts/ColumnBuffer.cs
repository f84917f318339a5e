using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace QuantowerRecorder.Artifacts;

/// <summary>One column of a row group being filled: the read API's values (objects) as the Parquet type of the column.</summary>
internal sealed class ColumnBuffer
{
    private readonly DataField field;
    private readonly ColumnKind kind;
    private readonly DateTime?[]? times;
    private readonly long?[]? longs;
    private readonly double?[]? doubles;
    private readonly string?[]? texts;

    public ColumnBuffer(DataField field, ColumnKind kind, int rows)
    {
        this.field = field;
        this.kind = kind;
        switch (kind)
        {
            case ColumnKind.Timestamp: times = new DateTime?[rows]; break;
            case ColumnKind.Integer: longs = new long?[rows]; break;
            case ColumnKind.Real: doubles = new double?[rows]; break;
            default: texts = new string?[rows]; break;
        }
    }

    public void Set(int row, object? value)
    {
        switch (kind)
        {
            case ColumnKind.Timestamp:
                times![row] = ToTime(value, field.Name);
                break;
            case ColumnKind.Integer:
                longs![row] = value switch { null => null, long l => l, _ => Convert.ToInt64(value, CultureInfo.InvariantCulture) };
                break;
            case ColumnKind.Real:
                doubles![row] = value switch { null => null, double d => d, _ => Convert.ToDouble(value, CultureInfo.InvariantCulture) };
                break;
            default:
                texts![row] = value switch { null => null, string t => t, _ => Convert.ToString(value, CultureInfo.InvariantCulture) };
                break;
        }
    }

    /// <summary>The first <paramref name="count"/> values as this column of the group.</summary>
    public Task WriteAsync(ParquetRowGroupWriter group, int count, CancellationToken cancel) => kind switch
    {
        ColumnKind.Timestamp => group.WriteAsync<DateTime>(field, times.AsMemory(0, count), cancellationToken: cancel),
        ColumnKind.Integer => group.WriteAsync<long>(field, longs.AsMemory(0, count), cancellationToken: cancel),
        ColumnKind.Real => group.WriteAsync<double>(field, doubles.AsMemory(0, count), cancellationToken: cancel),
        _ => group.WriteAsync(field, new ArraySegment<string>(texts!, 0, count)),
    };

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
