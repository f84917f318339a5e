using System.Data;
using System.Globalization;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// A query's rows read from a statement the connection keeps prepared (<see cref="StatementCache.Take"/>) through the
/// ADO.NET reader's calls, so that code which reads a file's or the team store's rows by ordinal reads a kept
/// statement's the same way (<see cref="CachedSql.Reader"/>). Values are read as Microsoft.Data.Sqlite's reader reads
/// them: a number column asked as text is its text, a text asked as a number is what SQLite makes of it, a NULL asked
/// as a value is refused as that reader refuses it. Disposing it gives the statement back (reset, kept for the next
/// call). What no reader of the recorder's asks (bytes in chunks, a schema table, a GUID) is refused. It is given the
/// statement with its first step taken: <paramref name="firstRow"/> says whether that step found a row.
/// </summary>
internal sealed class StatementReader(StatementCache.Lease lease, bool firstRow) : IDataReader
{
    private readonly RawStatement statement = lease.Statement;
    private bool pending = firstRow;
    private bool onRow;
    private bool done = !firstRow;
    private bool closed;

    public int FieldCount => statement.ColumnCount;

    public int Depth => 0;

    public bool IsClosed => closed;

    public int RecordsAffected => -1;

    public object this[int i] => GetValue(i);

    public object this[string name] => GetValue(GetOrdinal(name));

    /// <summary>The next row; false once there is none (and every call after).</summary>
    public bool Read()
    {
        ObjectDisposedException.ThrowIf(closed, this);
        if (pending)
        {
            pending = false;
            onRow = true;
        }
        else if (!done)
        {
            onRow = statement.Next();
            done = !onRow;
        }

        return onRow;
    }

    public bool NextResult() => false;

    public bool IsDBNull(int i) => Row().IsNull(i);

    public string GetString(int i) => Row().GetString(i) ?? throw Null(i, "text");

    public double GetDouble(int i) => Row().IsNull(i) ? throw Null(i, "a number") : statement.GetDouble(i);

    public float GetFloat(int i) => (float)GetDouble(i);

    public decimal GetDecimal(int i) => Convert.ToDecimal(GetValue(i), CultureInfo.InvariantCulture);

    public long GetInt64(int i) => Row().GetNullableInteger(i) ?? throw Null(i, "an integer");

    public int GetInt32(int i) => checked((int)GetInt64(i));

    public short GetInt16(int i) => checked((short)GetInt64(i));

    public byte GetByte(int i) => checked((byte)GetInt64(i));

    public bool GetBoolean(int i) => GetInt64(i) != 0;

    public char GetChar(int i) => GetString(i) is [var c] ? c : throw new InvalidCastException($"column {i} is not one character");

    public DateTime GetDateTime(int i) => Row().IsNull(i) ? throw Null(i, "a time") : statement.GetTime(i);

    /// <summary>The value as ADO.NET gives it: <see cref="DBNull.Value"/> for NULL.</summary>
    public object GetValue(int i) => Row().GetValue(i) ?? DBNull.Value;

    public int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }

    public string GetName(int i) => statement.ColumnName(i);

    public int GetOrdinal(string name)
    {
        for (var i = 0; i < FieldCount; i++)
        {
            if (string.Equals(GetName(i), name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new IndexOutOfRangeException($"the query has no column {name}");
    }

    public Type GetFieldType(int i) => GetValue(i) is var value && value is DBNull ? typeof(object) : value.GetType();

    public string GetDataTypeName(int i) => GetFieldType(i).Name;

    public Guid GetGuid(int i) => throw Refused(nameof(GetGuid));

    public long GetBytes(int i, long fieldOffset, byte[]? buffer, int bufferoffset, int length) => throw Refused(nameof(GetBytes));

    public long GetChars(int i, long fieldoffset, char[]? buffer, int bufferoffset, int length) => throw Refused(nameof(GetChars));

    public IDataReader GetData(int i) => throw Refused(nameof(GetData));

    public DataTable GetSchemaTable() => throw Refused(nameof(GetSchemaTable));

    public void Close() => Dispose();

    public void Dispose()
    {
        if (!closed)
        {
            closed = true;
            lease.Dispose();
        }
    }

    private RawStatement Row() => onRow ? statement : throw new InvalidOperationException("no current row: call Read first, and only while it gives true");

    private static InvalidOperationException Null(int column, string asked) => new($"column {column} is NULL, not {asked}: check IsDBNull first");

    private static NotSupportedException Refused(string call) => new($"a kept statement's reader does not {call}");
}
