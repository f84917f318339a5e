using System.Globalization;
using Microsoft.Data.Sqlite;

namespace QuantowerRecorder.Storage.Writing;

internal static class HeldRows
{
    /// <summary>The rows one statement of <see cref="HeldRows{TParam, TRow}"/> inserts.</summary>
    internal const int Rows = 16;
}

/// <summary>
/// Rows of one plain insert held and inserted <see cref="HeldRows.Rows"/> at a time through one statement of that many rows: each
/// statement costs SQLite its start and end, its cursors on the table and every index opened and closed, and an
/// AUTOINCREMENT counter read and written back, whatever its rows. The rows go in the order they were added and get the
/// ids one at a time gives them. Its owner says when they must be in the file: before anything in the batch's transaction
/// reads the table, before a row's id is needed, and before the batch commits (<see cref="Flush"/>); a batch rolled back
/// forgets them (<see cref="Drop"/>).
/// </summary>
/// <typeparam name="TParam">The insert's parameters, as <see cref="NamedStatement{TParam}"/> names them.</typeparam>
/// <typeparam name="TRow">What a row is bound from; a slot is reused from batch to batch (its arrays with it).</typeparam>
internal sealed class HeldRows<TParam, TRow> : IDisposable where TParam : struct, Enum
{
    private const int Rows = HeldRows.Rows;

    private static readonly int Columns = NamedStatement<TParam>.Names.Length;

    private static readonly string[] RowsNames = Enumerable.Range(0, Rows)
        .SelectMany(row => NamedStatement<TParam>.Names.Select(name => name + row.ToString(CultureInfo.InvariantCulture))).ToArray();

    private readonly SqliteConnection connection;
    private readonly string insert;
    private readonly NamedStatement<TParam> one;
    private readonly Binder bind;
    private readonly TRow[] held = new TRow[Rows];
    private RawStatement? many;
    private int holding;

    /// <summary>Binds <paramref name="row"/> to the parameters from <paramref name="first"/> on, in TParam's order.</summary>
    public delegate void Binder(RawStatement statement, int first, ref TRow row);

    public HeldRows(SqliteConnection connection, string insert, Binder bind)
    {
        this.connection = connection;
        this.insert = insert;
        this.bind = bind;
        one = new NamedStatement<TParam>(connection, insert);
    }

    /// <summary>The next row's slot, to be filled at once; the rows held go into the file first when there are Rows of them.</summary>
    public ref TRow Add()
    {
        if (holding == Rows)
        {
            InsertHeld();
        }

        return ref held[holding++];
    }

    /// <summary>The rows held go into the file, in the order they were added.</summary>
    public void Flush()
    {
        if (holding == Rows)
        {
            InsertHeld();
            return;
        }

        for (var slot = 0; slot < holding; slot++)
        {
            bind(one.Row, 0, ref held[slot]);
            one.Run();
        }

        holding = 0;
    }

    /// <summary>The batch rolled back: the rows held are forgotten with it.</summary>
    public void Drop() => holding = 0;

    private void InsertHeld()
    {
        many ??= new RawStatement(connection, Statements.Rows(insert, Rows), RowsNames);
        for (var slot = 0; slot < Rows; slot++)
        {
            bind(many, slot * Columns, ref held[slot]);
        }

        many.Run();
        holding = 0;
    }

    public void Dispose()
    {
        many?.Dispose();
        one.Dispose();
    }
}
