using System.Collections;
using System.Data.Common;
using QuantowerRecorder.Storage.Queries.Sql;

namespace QuantowerRecorder.Storage.Queries.PostgreSql;

/// <summary>
/// The rows of a <see cref="TeamCommand"/>: a jsonb column reads as the file's canonical text of its JSON
/// (<see cref="JsonbText"/>), every other value as PostgreSQL gives it.
/// </summary>
internal sealed class TeamReader(DbDataReader inner) : DbDataReader
{
    // Which columns are jsonb: the statement's types, asked once per result rather than once per value.
    private bool[]? jsonb;

    public override int Depth => inner.Depth;

    public override int FieldCount => inner.FieldCount;

    public override bool HasRows => inner.HasRows;

    public override bool IsClosed => inner.IsClosed;

    public override int RecordsAffected => inner.RecordsAffected;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool GetBoolean(int ordinal) => inner.GetBoolean(ordinal);

    public override byte GetByte(int ordinal) => inner.GetByte(ordinal);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) =>
        inner.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);

    public override char GetChar(int ordinal) => inner.GetChar(ordinal);

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) =>
        inner.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);

    public override string GetDataTypeName(int ordinal) => inner.GetDataTypeName(ordinal);

    public override DateTime GetDateTime(int ordinal) => inner.GetDateTime(ordinal);

    public override decimal GetDecimal(int ordinal) => inner.GetDecimal(ordinal);

    public override double GetDouble(int ordinal) => inner.GetDouble(ordinal);

    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    public override Type GetFieldType(int ordinal) => inner.GetFieldType(ordinal);

    public override float GetFloat(int ordinal) => inner.GetFloat(ordinal);

    public override Guid GetGuid(int ordinal) => inner.GetGuid(ordinal);

    public override short GetInt16(int ordinal) => inner.GetInt16(ordinal);

    public override int GetInt32(int ordinal) => inner.GetInt32(ordinal);

    public override long GetInt64(int ordinal) => inner.GetInt64(ordinal);

    public override string GetName(int ordinal) => inner.GetName(ordinal);

    public override int GetOrdinal(string name) => inner.GetOrdinal(name);

    public override string GetString(int ordinal)
    {
        var text = inner.GetString(ordinal);
        return IsJsonb(ordinal) ? JsonbText.Canonical(text) : text;
    }

    public override object GetValue(int ordinal)
    {
        var value = inner.GetValue(ordinal);
        return value is string text && IsJsonb(ordinal) ? JsonbText.Canonical(text) : value;
    }

    public override T GetFieldValue<T>(int ordinal) =>
        typeof(T) == typeof(string) || typeof(T) == typeof(object) ? (T)GetValue(ordinal) : inner.GetFieldValue<T>(ordinal);

    public override int GetValues(object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }

    public override bool IsDBNull(int ordinal) => inner.IsDBNull(ordinal);

    public override bool NextResult()
    {
        jsonb = null;
        return inner.NextResult();
    }

    public override bool Read() => inner.Read();

    public override void Close() => inner.Close();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private bool IsJsonb(int ordinal)
    {
        jsonb ??= Enumerable.Range(0, inner.FieldCount).Select(i => inner.GetDataTypeName(i) == "jsonb").ToArray();
        return jsonb[ordinal];
    }
}
