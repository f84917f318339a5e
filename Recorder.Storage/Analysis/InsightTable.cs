namespace QuantowerRecorder.Storage.Analysis;

/// <summary>What a stored value is: NULL, text, a whole number or a number (SQLite's storage classes the insight uses).</summary>
internal enum CellKind : byte
{
    Null,
    Text,
    Integer,
    Real,
}

/// <summary>
/// One value of an insight row as it is stored, without a box of its own: a run's rows are made where its insight is
/// computed and held until the writer has bound them, and a long run's were a box per number (about 130,000 objects for
/// 3,886 orders and 3,885 trades), most of what a collection during its close had to copy. <c>default</c> is NULL.
/// </summary>
internal readonly struct StoredCell
{
    private readonly string? text;
    private readonly long bits;

    private StoredCell(CellKind kind, long bits, string? text)
    {
        Kind = kind;
        this.bits = bits;
        this.text = text;
    }

    public CellKind Kind { get; }

    /// <summary>The text (<see cref="CellKind.Text"/>).</summary>
    public string Text => text!;

    /// <summary>The whole number (<see cref="CellKind.Integer"/>).</summary>
    public long Integer => bits;

    /// <summary>The number (<see cref="CellKind.Real"/>).</summary>
    public double Real => BitConverter.Int64BitsToDouble(bits);

    public static StoredCell Of(string? value) => value is null ? default : new(CellKind.Text, 0, value);

    public static StoredCell Of(long value) => new(CellKind.Integer, value, null);

    public static StoredCell Of(bool value) => Of(value ? 1L : 0L);

    /// <summary>A number, −0 (a signed part that came to nothing) as 0: SQLite reads a whole REAL back without its sign, PostgreSQL keeps it, and the same analysis must give the same rows in both.</summary>
    public static StoredCell Of(double? value) => value is { } v ? new(CellKind.Real, BitConverter.DoubleToInt64Bits(v == 0 ? 0d : v), null) : default;

    /// <summary>The value as an object: string, long, double or null (the team store's rows, tests).</summary>
    public object? Boxed => Kind switch
    {
        CellKind.Text => text,
        CellKind.Integer => bits,
        CellKind.Real => Real,
        _ => null,
    };
}

/// <summary>
/// One insight table's rows (run_order_shortfall, run_trade_context) as stored, in their columns' order
/// (<see cref="InsightRows"/>): every value of every row in one array, row after row.
/// </summary>
internal sealed class InsightTable
{
    private readonly StoredCell[] cells;
    private readonly ulong[] fingerprints;

    // Each column's last text and its hash: the run's id, a side's code, a reason are the same string row after row, and
    // are hashed once, as a fingerprinted statement hashes a text given again (RawStatement).
    private readonly string?[] lastTexts;
    private readonly ulong[] lastTextHashes;

    public InsightTable(string[] columns, int rows)
    {
        Columns = columns;
        cells = new StoredCell[columns.Length * rows];
        fingerprints = new ulong[rows];
        lastTexts = new string?[columns.Length];
        lastTextHashes = new ulong[columns.Length];
    }

    public string[] Columns { get; }

    /// <summary>Rows added so far.</summary>
    public int Count { get; private set; }

    public ReadOnlySpan<StoredCell> this[int row] =>
        (uint)row < (uint)Count ? cells.AsSpan(row * Columns.Length, Columns.Length) : throw new ArgumentOutOfRangeException(nameof(row));

    /// <summary>The next row, to be given a value for each column in order (<see cref="Row.End"/> checks there were as many).</summary>
    public Row Add()
    {
        if ((Count + 1) * Columns.Length > cells.Length)
        {
            throw new InvalidOperationException($"the table was made for {cells.Length / Math.Max(1, Columns.Length)} rows");
        }

        var row = Count++;
        return new Row(this, row, cells.AsSpan(row * Columns.Length, Columns.Length));
    }

    /// <summary>
    /// The row's values hashed as a fingerprinted statement hashes them when they are bound
    /// (<see cref="Writing.RawStatement.Fingerprint"/>), made with the row where the insight is computed: the writer
    /// compares a row with what it stored last without binding it.
    /// </summary>
    public ulong Fingerprint(int row) =>
        (uint)row < (uint)Count ? fingerprints[row] : throw new ArgumentOutOfRangeException(nameof(row));

    private ulong HashOfText(int column, string text)
    {
        if (!ReferenceEquals(lastTexts[column], text))
        {
            lastTextHashes[column] = Writing.RawStatement.HashOfText(text);
            lastTexts[column] = text;
        }

        return lastTextHashes[column];
    }

    /// <summary>Every row as objects (string, long, double or null), for the team store.</summary>
    public IEnumerable<object?[]> ObjectRows()
    {
        for (var r = 0; r < Count; r++)
        {
            var row = new object?[Columns.Length];
            var values = this[r];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = values[i].Boxed;
            }

            yield return row;
        }
    }

    /// <summary>A row being given its values, column after column.</summary>
    public ref struct Row(InsightTable table, int row, Span<StoredCell> values)
    {
        private readonly Span<StoredCell> values = values;
        private int given;

        public Row Text(string? value) => Put(StoredCell.Of(value));

        public Row Integer(long value) => Put(StoredCell.Of(value));

        public Row Integer(long? value) => Put(value is { } v ? StoredCell.Of(v) : default);

        public Row Flag(bool value) => Put(StoredCell.Of(value));

        public Row Real(double? value) => Put(StoredCell.Of(value));

        /// <summary>The row's values, as given so far (rounded to their precision before <see cref="End"/>).</summary>
        public readonly Span<StoredCell> Values => values[..given];

        /// <summary>The row is complete (a value too few is refused, as a value too many already was): its fingerprint is made.</summary>
        public readonly void End()
        {
            if (given != values.Length)
            {
                throw new InvalidOperationException($"{string.Join(", ", table.Columns.Take(2))}…: a row of {given} values for {values.Length} columns.");
            }

            var hash = Writing.RowHash.Start(values.Length);
            for (var i = 0; i < values.Length; i++)
            {
                var value = values[i];
                hash = Writing.RowHash.Add(hash, value.Kind switch
                {
                    CellKind.Text => table.HashOfText(i, value.Text),
                    CellKind.Integer => Writing.RawStatement.HashOfInteger(value.Integer),
                    CellKind.Real => Writing.RawStatement.HashOfReal(value.Real),
                    _ => Writing.RowHash.Null,
                });
            }

            table.fingerprints[row] = hash;
        }

        private Row Put(StoredCell cell)
        {
            if (given == values.Length)
            {
                throw new InvalidOperationException($"{string.Join(", ", table.Columns.Take(2))}…: a row of more values than its {values.Length} columns.");
            }

            values[given++] = cell;
            return this;
        }
    }
}
