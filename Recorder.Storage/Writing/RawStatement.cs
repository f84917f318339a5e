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
internal sealed partial class RawStatement : IDisposable
{
    private readonly sqlite3 db;
    private readonly sqlite3_stmt statement;

    // The statement's and the connection's native pointers, for DirectCalls: both live as long as this statement (it owns
    // the one, and its connection outlives it).
    private readonly IntPtr handle;
    private readonly IntPtr dbHandle;
    private readonly int[] slots;

    // What SQLite holds bound to each parameter: its kind, and the text or the number's bits (a time's binary form). SQLite
    // keeps a parameter's value from one execution to the next (sqlite3_reset leaves bindings), so a value equal to the
    // one it holds is not bound again: the run id, account, side, status, type and quantities that repeat row after row
    // cost a comparison, not a call into SQLite that copies them.
    private readonly Kind[] kinds;
    private readonly string?[] texts;
    private readonly long[] bits;

    // Which parameters were bound since the last execution; the others are set to NULL before the next (Begin).
    private readonly bool[] bound;

    private bool executing;

    // Texts up to this many UTF-8 bytes are encoded here and held; a longer one into a pooled buffer given back at once.
    private readonly byte[] scratch = new byte[KeptBytes];

    private const int KeptBytes = 1024;

    public RawStatement(SqliteConnection connection, string sql, params string[] names)
        : this(connection, sql, names, wholeText: false)
    {
    }

    // With names null, the statement's own, in order (WithItsParameters). With wholeText, text after the first
    // statement is refused: it would never run.
    private RawStatement(SqliteConnection connection, string sql, string[]? names, bool wholeText)
    {
        db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        Bind(raw.sqlite3_prepare_v2(db, sql, out statement, out var tail));
        try
        {
            if (wholeText && !string.IsNullOrWhiteSpace(tail))
            {
                throw new ArgumentException($"only one statement is prepared at a time; after it: {tail.Trim()}", nameof(sql));
            }

            names ??= Enumerable.Range(1, raw.sqlite3_bind_parameter_count(statement))
                .Select(i => raw.sqlite3_bind_parameter_name(statement, i).utf8_to_string()
                             ?? throw new ArgumentException($"parameter {i} has no name: bind by name (@name)", nameof(sql)))
                .ToArray();
            slots = [.. names.Select(name => raw.sqlite3_bind_parameter_index(statement, name) is var slot and not 0 ? slot
                : throw new ArgumentException($"parameter {name} is not in the statement", nameof(names)))];
        }
        catch
        {
            // Refused: finalised now, not left prepared on the connection until the collector finds it.
            statement.Dispose();
            throw;
        }

        handle = statement.DangerousGetHandle();
        dbHandle = db.DangerousGetHandle();
        kinds = new Kind[slots.Length];
        texts = new string?[slots.Length];
        bits = new long[slots.Length];
        bound = new bool[slots.Length];
    }

    /// <summary>
    /// Text, bound as UTF-8 (the file's encoding: SQLite would otherwise convert UTF-16 with an allocation of its
    /// own for every value). A text equal to the one the parameter holds from the last execution is left bound.
    /// </summary>
    public RawStatement Text(int parameter, string? value) =>
        deferred is null ? BindText(parameter, value) : Defer(parameter, value is null ? Kind.Null : Kind.Text, 0, value);

    private RawStatement BindText(int parameter, string? value)
    {
        if (value is null)
        {
            return Null(parameter);
        }

        bound[parameter] = true;
        if (kinds[parameter] == Kind.Text && string.Equals(texts[parameter], value, StringComparison.Ordinal))
        {
            return this;
        }

        var needed = Encoding.UTF8.GetByteCount(value);
        if (needed > KeptBytes)
        {
            var rented = ArrayPool<byte>.Shared.Rent(needed);
            try
            {
                // SQLite copies the text (SQLITE_TRANSIENT) before the call returns.
                // Not held: no statement keeps a long text (a payload, an extra JSON) for the rest of a session.
                return Held(parameter, BindUtf8(slots[parameter], rented.AsSpan(0, Encoding.UTF8.GetBytes(value, rented))), Kind.Unknown);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        return Held(parameter, BindUtf8(slots[parameter], scratch.AsSpan(0, Encoding.UTF8.GetBytes(value, scratch))), Kind.Text, value);
    }

    /// <summary>Text already encoded as UTF-8 (SQLite copies it).</summary>
    public RawStatement Utf8(int parameter, ReadOnlySpan<byte> value) =>
        deferred is null ? Held(parameter, BindUtf8(slots[parameter], value), Kind.Unknown)
        : throw new InvalidOperationException("a fingerprinted statement takes text as strings");

    /// <summary>A stored timestamp, formatted on the stack and bound as UTF-8 (it is ASCII).</summary>
    public RawStatement Time(int parameter, DateTime value) =>
        deferred is null ? BindTime(parameter, value) : Defer(parameter, Kind.Time, value.ToBinary());

    private RawStatement BindTime(int parameter, DateTime value)
    {
        // Its kind too (a local time is stored as UTC): the binary form tells both.
        if (Holds(parameter, Kind.Time, value.ToBinary()))
        {
            return this;
        }

        Span<char> text = stackalloc char[Timestamps.Length];
        Timestamps.Format(value, text);
        Span<byte> bytes = stackalloc byte[Timestamps.Length];
        Ascii.FromUtf16(text, bytes, out _);
        return Held(parameter, BindUtf8(slots[parameter], bytes), Kind.Time, bits: value.ToBinary());
    }

    public RawStatement Real(int parameter, double? value) =>
        deferred is not null ? Defer(parameter, value is null ? Kind.Null : Kind.Real, value is { } d ? BitConverter.DoubleToInt64Bits(d) : 0)
        : value is not { } v ? Null(parameter)
        : Holds(parameter, Kind.Real, BitConverter.DoubleToInt64Bits(v)) ? this
        : Held(parameter, BindDouble(slots[parameter], v), Kind.Real, bits: BitConverter.DoubleToInt64Bits(v));

    public RawStatement Integer(int parameter, long? value) =>
        deferred is not null ? Defer(parameter, value is null ? Kind.Null : Kind.Integer, value ?? 0)
        : value is not { } v ? Null(parameter)
        : Holds(parameter, Kind.Integer, v) ? this
        : Held(parameter, BindInt64(slots[parameter], v), Kind.Integer, bits: v);

    /// <summary>
    /// Prepares the one statement <paramref name="sql"/> holds, its parameters being every one it names, in the order
    /// they first appear (<see cref="ParameterName"/>); all must be named.
    /// </summary>
    public static RawStatement WithItsParameters(SqliteConnection connection, string sql) => new(connection, sql, null, wholeText: true);

    /// <summary>A parameter's name as the statement writes it (<c>@runId</c>).</summary>
    public string ParameterName(int parameter) => raw.sqlite3_bind_parameter_name(statement, slots[parameter]).utf8_to_string();

    /// <summary>How many parameters were given (the names at its prepare).</summary>
    public int Parameters => slots.Length;

    /// <summary>How many distinct parameters the statement has (a name used twice counts once).</summary>
    public int ParameterCount => raw.sqlite3_bind_parameter_count(statement);

    /// <summary>Runs the statement with what is bound; returns the rows it changed.</summary>
    public int Run()
    {
        BindDeferred();
        Begin();
        var rc = Step();
        var changes = Changes();
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
        Begin();
        var rc = Step();
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

    /// <summary>
    /// Ends the statement's execution. The next one uses the values bound after this call; a parameter not bound again
    /// is NULL, never the last execution's value (<see cref="Begin"/>).
    /// </summary>
    public void Reset()
    {
        ResetStatement();
        executing = false;
    }

    // At an execution's first step: every parameter not bound since the last execution is set to NULL, as
    // sqlite3_clear_bindings would have at the last reset, and the next execution's bindings are counted afresh.
    private void Begin()
    {
        if (executing)
        {
            return;
        }

        for (var i = 0; i < bound.Length; i++)
        {
            if (!bound[i] && kinds[i] != Kind.Null)
            {
                Held(i, BindNull(slots[i]), Kind.Null);
            }

            bound[i] = false;
        }

        executing = true;
    }

    public void Dispose() => statement.Dispose();

    private RawStatement Null(int parameter)
    {
        bound[parameter] = true;
        return kinds[parameter] == Kind.Null ? this : Held(parameter, BindNull(slots[parameter]), Kind.Null);
    }

    // Whether the parameter holds a number, or a time, with these bits; it counts as bound for this execution if so.
    private bool Holds(int parameter, Kind kind, long value)
    {
        if (kinds[parameter] != kind || bits[parameter] != value)
        {
            return false;
        }

        bound[parameter] = true;
        return true;
    }

    // A binding SQLite accepted is what the parameter holds; one it refused leaves the parameter unknown, so the next
    // execution binds it again.
    private RawStatement Held(int parameter, int rc, Kind kind, string? text = null, long bits = 0)
    {
        bound[parameter] = true;
        kinds[parameter] = rc == raw.SQLITE_OK ? kind : Kind.Unknown;
        texts[parameter] = text;
        this.bits[parameter] = bits;
        return Bind(rc);
    }

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

    private enum Kind : byte
    {
        Null, Text, Real, Integer, Time, Unknown,
    }

}
