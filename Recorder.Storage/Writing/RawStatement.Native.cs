using QuantowerRecorder.Storage.Sqlite;
using SQLitePCL;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// The statement's calls into SQLite: straight to the native library where <see cref="DirectCalls"/> has it, else
/// through SQLitePCLRaw. Both call the same functions of the same library with the same values.
/// </summary>
internal sealed unsafe partial class RawStatement
{
    private DirectCalls.Calls? direct = DirectCalls.Table;

    /// <summary>This statement's calls go through SQLitePCLRaw, as where <see cref="DirectCalls"/> has none (the tests' other way).</summary>
    internal RawStatement ThroughProvider()
    {
        direct = null;
        return this;
    }

    private int BindInt64(int slot, long value) =>
        direct is { } d ? d.BindInt64(handle, slot, value) : raw.sqlite3_bind_int64(statement, slot, value);

    private int BindDouble(int slot, double value) =>
        direct is { } d ? d.BindDouble(handle, slot, value) : raw.sqlite3_bind_double(statement, slot, value);

    private int BindNull(int slot) =>
        direct is { } d ? d.BindNull(handle, slot) : raw.sqlite3_bind_null(statement, slot);

    private int BindUtf8(int slot, ReadOnlySpan<byte> utf8)
    {
        if (direct is not { } d)
        {
            return raw.sqlite3_bind_text(statement, slot, utf8);
        }

        // An empty span's pointer may be null, which SQLite binds as NULL: an empty text gets a pointer of its own.
        byte empty = 0;
        fixed (byte* bytes = utf8)
        {
            return d.BindText(handle, slot, bytes == null ? &empty : bytes, utf8.Length, DirectCalls.Transient);
        }
    }

    private int Step() => direct is { } d ? d.Step(handle) : raw.sqlite3_step(statement);

    private int Changes() => direct is { } d ? d.Changes(dbHandle) : raw.sqlite3_changes(db);

    private void ResetStatement()
    {
        if (direct is { } d)
        {
            d.Reset(handle);
        }
        else
        {
            raw.sqlite3_reset(statement);
        }
    }

    private int ColumnType(int column) => direct is { } d ? d.ColumnType(handle, column) : raw.sqlite3_column_type(statement, column);

    private double ColumnDouble(int column) => direct is { } d ? d.ColumnDouble(handle, column) : raw.sqlite3_column_double(statement, column);

    private long ColumnInt64(int column) => direct is { } d ? d.ColumnInt64(handle, column) : raw.sqlite3_column_int64(statement, column);

    // The column's bytes as stored, valid until the next step, reset or column call on it (as SQLitePCLRaw's span).
    private ReadOnlySpan<byte> ColumnBlob(int column)
    {
        if (direct is not { } d)
        {
            return raw.sqlite3_column_blob(statement, column);
        }

        var bytes = d.ColumnBlob(handle, column);
        return bytes == null ? [] : new ReadOnlySpan<byte>(bytes, d.ColumnBytes(handle, column));
    }
}
