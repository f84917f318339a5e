using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// A statement prepared once on the writer's connection and bound without allocating: text is bound as UTF-16 spans
/// (SQLite converts), numbers as numbers (no boxing), times formatted into the stack. Used by the hot tables (bars
/// and the raw log: 94% of what a run writes); the rest goes through <see cref="PreparedCommand"/>. Errors surface as
/// <see cref="SqliteException"/> with SQLite's codes, so the write loop classifies them like any other.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 db;
    private readonly sqlite3_stmt statement;
    private readonly int[] slots;

    public RawStatement(SqliteConnection connection, string sql, params string[] names)
    {
        db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        Check(raw.sqlite3_prepare_v2(db, sql, out statement));
        slots = new int[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            slots[i] = raw.sqlite3_bind_parameter_index(statement, names[i]);
            if (slots[i] == 0)
            {
                throw new ArgumentException($"parameter {names[i]} is not in the statement", nameof(names));
            }
        }
    }

    public RawStatement Text(int parameter, string? value) =>
        value is null ? Null(parameter) : Bind(raw.sqlite3_bind_text16(statement, slots[parameter], value.AsSpan()));

    /// <summary>Text already encoded as UTF-8 (SQLite copies it).</summary>
    public RawStatement Utf8(int parameter, ReadOnlySpan<byte> value) =>
        Bind(raw.sqlite3_bind_text(statement, slots[parameter], value));

    public RawStatement Time(int parameter, DateTime value)
    {
        Span<char> text = stackalloc char[Timestamps.Length];
        Timestamps.Format(value, text);
        return Bind(raw.sqlite3_bind_text16(statement, slots[parameter], text));
    }

    public RawStatement Real(int parameter, double? value) =>
        value is { } v ? Bind(raw.sqlite3_bind_double(statement, slots[parameter], v)) : Null(parameter);

    public RawStatement Integer(int parameter, long? value) =>
        value is { } v ? Bind(raw.sqlite3_bind_int64(statement, slots[parameter], v)) : Null(parameter);

    /// <summary>Runs the statement with what is bound; returns the rows it changed.</summary>
    public int Run()
    {
        var rc = raw.sqlite3_step(statement);
        var changes = raw.sqlite3_changes(db);
        raw.sqlite3_reset(statement);
        raw.sqlite3_clear_bindings(statement);
        if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
        {
            Throw(rc);
        }

        return changes;
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

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            Throw(rc);
        }
    }

    private void Throw(int rc) =>
        throw new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(db).utf8_to_string()}'.", rc, raw.sqlite3_extended_errcode(db));
}
