using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// A <see cref="RawStatement"/> whose parameters are the members of one enum: every bind names the column it fills,
/// and at prepare time the enum's names (<c>OrderId</c> → <c>$orderId</c>) must be exactly the statement's
/// parameters, none missing, none extra. A 22-column row bound by position could transpose two values and store
/// wrong data silently; this cannot. The enum value is the position, so binding costs what a position does.
/// </summary>
internal sealed class NamedStatement<TParam> : IDisposable where TParam : struct, Enum
{
    /// <summary>The statement's parameter names, in the enum's order: <c>OrderId</c> → <c>$orderId</c>.</summary>
    internal static readonly string[] Names = ParameterNames();
    private readonly RawStatement statement;
    private readonly StatementCache.Lease? kept;

    /// <summary>Prepares the statement, refused unless its parameters are exactly <see cref="Names"/>.</summary>
    public NamedStatement(SqliteConnection connection, string sql)
        : this(new RawStatement(connection, sql, Names), null, sql)
    {
    }

    private NamedStatement(RawStatement statement, StatementCache.Lease? kept, string sql)
    {
        this.statement = statement;
        this.kept = kept;
        var count = statement.ParameterCount;
        if (count != Names.Length)
        {
            Dispose();
            throw new ArgumentException($"the statement has {count} parameter(s); {typeof(TParam).Name} names {Names.Length}", nameof(sql));
        }
    }

    /// <summary>
    /// The statement as the connection keeps it prepared (<see cref="StatementCache.TakeNamed"/>), for one that runs once
    /// a run or a step, an analysis' store: given back, not finalised, when disposed. Where the connection keeps none,
    /// prepared as by the constructor.
    /// </summary>
    public static NamedStatement<TParam> Kept(SqliteConnection connection, string sql)
    {
        var lease = StatementCache.TakeNamed(connection, sql, Names);
        return new NamedStatement<TParam>(lease.Statement, lease, sql);
    }

    public NamedStatement<TParam> Text(TParam parameter, string? value)
    {
        statement.Text(Slot(parameter), value);
        return this;
    }

    public NamedStatement<TParam> Utf8(TParam parameter, ReadOnlySpan<byte> value)
    {
        statement.Utf8(Slot(parameter), value);
        return this;
    }

    public NamedStatement<TParam> Time(TParam parameter, DateTime value)
    {
        statement.Time(Slot(parameter), value);
        return this;
    }

    public NamedStatement<TParam> Real(TParam parameter, double? value)
    {
        statement.Real(Slot(parameter), value);
        return this;
    }

    public NamedStatement<TParam> Integer(TParam parameter, long? value)
    {
        statement.Integer(Slot(parameter), value);
        return this;
    }

    public int Run() => statement.Run();

    public bool Next() => statement.Next();

    /// <summary>
    /// The statement underneath: a query's current row, read by column position; a fingerprinted row, written or
    /// skipped (<see cref="Analysis.RowDiff.Write"/>).
    /// </summary>
    public RawStatement Row => statement;

    public void Reset() => statement.Reset();

    public void Dispose()
    {
        if (kept is { } lease)
        {
            lease.Dispose();
        }
        else
        {
            statement.Dispose();
        }
    }

    internal static int Slot(TParam parameter) => Unsafe.As<TParam, int>(ref parameter);

    private static string[] ParameterNames()
    {
        if (Enum.GetUnderlyingType(typeof(TParam)) != typeof(int))
        {
            throw new InvalidOperationException($"{typeof(TParam).Name} must be an int enum");
        }

        var values = Enum.GetValues<TParam>();
        var names = new string[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            // The value is the slot: the members must be 0, 1, 2… in order, each once.
            if (Slot(values[i]) != i)
            {
                throw new InvalidOperationException($"{typeof(TParam).Name} must number its members 0, 1, 2… in order");
            }

            var name = values[i].ToString();
            names[i] = "$" + char.ToLowerInvariant(name[0]) + name[1..];
        }

        return names;
    }
}
