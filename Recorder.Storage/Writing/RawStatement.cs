using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// A statement prepared once on the writer's connection and bound without allocating: text is bound as UTF-8 (the
/// file's encoding), numbers as numbers (no boxing), times formatted on the stack. The writer binds its statements by
/// name through <see cref="NamedStatement{TParam}"/> (the hot tables, the few that read rows); the analysis store binds
/// its wide rows by position; shared bars are read through it (<see cref="StoredBars"/>). Errors surface as
/// <see cref="SqliteException"/> with SQLite's codes, so the write loop classifies them like any other.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 db;
    private readonly sqlite3_stmt statement;
    private readonly int[] slots;
    private readonly string?[] lastText;
    private readonly byte[]?[] lastBytes;
    private readonly int[] lastLength;

    // Texts up to this many UTF-8 bytes are kept per parameter (ids, names, times, tags): 1 KiB a parameter at most.
    private const int KeptBytes = 1024;

    public RawStatement(SqliteConnection connection, string sql, params string[] names)
    {
        db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        Bind(raw.sqlite3_prepare_v2(db, sql, out statement));
        slots = new int[names.Length];
        lastText = new string?[names.Length];
        lastBytes = new byte[]?[names.Length];
        lastLength = new int[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            slots[i] = raw.sqlite3_bind_parameter_index(statement, names[i]);
            if (slots[i] == 0)
            {
                throw new ArgumentException($"parameter {names[i]} is not in the statement", nameof(names));
            }
        }
    }

    /// <summary>
    /// Text, bound as UTF-8 (the file's encoding: SQLite would otherwise convert UTF-16 with an allocation of its
    /// own for every value). The bytes of the last short string bound to each parameter are kept, so the run id,
    /// series id and event type that repeat row after row are encoded once; a long text (a payload, an extra JSON) is
    /// encoded into a pooled buffer given back at once, so no statement keeps megabytes for the rest of a session.
    /// </summary>
    public RawStatement Text(int parameter, string? value)
    {
        if (value is null)
        {
            return Null(parameter);
        }

        if (ReferenceEquals(lastText[parameter], value))
        {
            return Bind(raw.sqlite3_bind_text(statement, slots[parameter], lastBytes[parameter].AsSpan(0, lastLength[parameter])));
        }

        var needed = Encoding.UTF8.GetByteCount(value);
        if (needed > KeptBytes)
        {
            var rented = ArrayPool<byte>.Shared.Rent(needed);
            try
            {
                // SQLite copies the text (SQLITE_TRANSIENT) before the call returns.
                return Bind(raw.sqlite3_bind_text(statement, slots[parameter], rented.AsSpan(0, Encoding.UTF8.GetBytes(value, rented))));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        var bytes = lastBytes[parameter] ??= new byte[KeptBytes];
        lastLength[parameter] = Encoding.UTF8.GetBytes(value, bytes);
        lastText[parameter] = value;
        return Bind(raw.sqlite3_bind_text(statement, slots[parameter], bytes.AsSpan(0, lastLength[parameter])));
    }

    /// <summary>Text already encoded as UTF-8 (SQLite copies it).</summary>
    public RawStatement Utf8(int parameter, ReadOnlySpan<byte> value) =>
        Bind(raw.sqlite3_bind_text(statement, slots[parameter], value));

    /// <summary>A stored timestamp, formatted on the stack and bound as UTF-8 (it is ASCII).</summary>
    public RawStatement Time(int parameter, DateTime value)
    {
        Span<char> text = stackalloc char[Timestamps.Length];
        Timestamps.Format(value, text);
        Span<byte> bytes = stackalloc byte[Timestamps.Length];
        Ascii.FromUtf16(text, bytes, out _);
        return Bind(raw.sqlite3_bind_text(statement, slots[parameter], bytes));
    }

    public RawStatement Real(int parameter, double? value) =>
        value is { } v ? Bind(raw.sqlite3_bind_double(statement, slots[parameter], v)) : Null(parameter);

    public RawStatement Integer(int parameter, long? value) =>
        value is { } v ? Bind(raw.sqlite3_bind_int64(statement, slots[parameter], v)) : Null(parameter);

    /// <summary>How many distinct parameters the statement has (a name used twice counts once).</summary>
    public int ParameterCount => raw.sqlite3_bind_parameter_count(statement);

    /// <summary>Runs the statement with what is bound; returns the rows it changed.</summary>
    public int Run()
    {
        var rc = raw.sqlite3_step(statement);
        var changes = raw.sqlite3_changes(db);
        Reset();
        if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
        {
            Throw(rc);
        }

        return changes;
    }

    /// <summary>
    /// Steps a query to its next row; false once there is none, and the statement is then ready to be bound again. A
    /// reader that stops early calls <see cref="Reset"/> before binding it again.
    /// </summary>
    public bool Next()
    {
        var rc = raw.sqlite3_step(statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        Reset();
        if (rc != raw.SQLITE_DONE)
        {
            Throw(rc);
        }

        return false;
    }

    /// <summary>The current row's column as a number (0 for NULL).</summary>
    public double GetDouble(int column) => raw.sqlite3_column_double(statement, column);

    public double? GetNullableDouble(int column) =>
        raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL ? null : raw.sqlite3_column_double(statement, column);

    public long? GetNullableInteger(int column) =>
        raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL ? null : raw.sqlite3_column_int64(statement, column);

    // Decoded straight from the column's bytes as stored (the file is UTF-8).
    public string? GetString(int column) =>
        raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL ? null : Encoding.UTF8.GetString(raw.sqlite3_column_blob(statement, column));

    /// <summary>The current row's column as a stored timestamp, parsed from its bytes without a string between.</summary>
    public DateTime GetTime(int column)
    {
        ReadOnlySpan<byte> bytes = raw.sqlite3_column_blob(statement, column);
        Span<char> text = stackalloc char[Timestamps.Length];
        if (bytes.Length == Timestamps.Length && Ascii.ToUtf16(bytes, text, out _) == OperationStatus.Done
            && Timestamps.TryParseStored(text, out var time))
        {
            return time;
        }

        return Timestamps.Parse(GetString(column) ?? throw new InvalidCastException($"column {column} is NULL, not a time"));
    }

    /// <summary>Ends the statement's use: its values are dropped, so a value not bound again is NULL, never the last use's.</summary>
    public void Reset()
    {
        raw.sqlite3_reset(statement);
        raw.sqlite3_clear_bindings(statement);
    }

    public void Dispose() => statement.Dispose();

    private RawStatement Null(int parameter) => Bind(raw.sqlite3_bind_null(statement, slots[parameter]));

    private RawStatement Bind(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            Throw(rc);
        }

        return this;
    }

    private void Throw(int rc) =>
        throw new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(db).utf8_to_string()}'.", rc, raw.sqlite3_extended_errcode(db));
}
