using System.Buffers;
using System.Text;
using SQLitePCL;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>The current row of a query (<see cref="RawStatement.Next"/>), read by column position.</summary>
internal sealed partial class RawStatement
{
    /// <summary>
    /// The current row's column as ADO.NET reads it: <see cref="long"/>, <see cref="double"/>, <see cref="string"/>,
    /// a byte array, or null for NULL.
    /// </summary>
    public object? GetValue(int column) => ColumnType(column) switch
    {
        raw.SQLITE_INTEGER => ColumnInt64(column),
        raw.SQLITE_FLOAT => ColumnDouble(column),
        raw.SQLITE_TEXT => Encoding.UTF8.GetString(ColumnBlob(column)),
        raw.SQLITE_BLOB => ColumnBlob(column).ToArray(),
        _ => null,
    };

    /// <summary>How many columns a row of the query has.</summary>
    public int ColumnCount => raw.sqlite3_column_count(statement);

    /// <summary>The name of the query's column (its alias where it has one).</summary>
    public string ColumnName(int column) => raw.sqlite3_column_name(statement, column).utf8_to_string();

    /// <summary>Whether the current row's column is NULL.</summary>
    public bool IsNull(int column) => ColumnType(column) == raw.SQLITE_NULL;

    /// <summary>The current row's column as a number (0 for NULL).</summary>
    public double GetDouble(int column) => ColumnDouble(column);

    public double? GetNullableDouble(int column) =>
        ColumnType(column) == raw.SQLITE_NULL ? null : ColumnDouble(column);

    public long? GetNullableInteger(int column) =>
        ColumnType(column) == raw.SQLITE_NULL ? null : ColumnInt64(column);

    // Decoded straight from the column's bytes as stored (the file is UTF-8).
    public string? GetString(int column) =>
        ColumnType(column) == raw.SQLITE_NULL ? null : Encoding.UTF8.GetString(ColumnBlob(column));

    /// <summary>The current row's column as a stored timestamp, parsed from its bytes without a string between.</summary>
    public DateTime GetTime(int column)
    {
        var bytes = ColumnBlob(column);
        Span<char> text = stackalloc char[Timestamps.Length];
        if (bytes.Length == Timestamps.Length && Ascii.ToUtf16(bytes, text, out _) == OperationStatus.Done
            && Timestamps.TryParseStored(text, out var time))
        {
            return time;
        }

        return Timestamps.Parse(GetString(column) ?? throw new InvalidCastException($"column {column} is NULL, not a time"));
    }
}
