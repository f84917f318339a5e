using SQLitePCL;

namespace QuantowerRecorder.Storage.Writing;

/// <summary>
/// A statement whose rows are fingerprinted (the analysis' store, <see cref="Analysis.RowDiff"/>): a row's values are
/// noted and hashed as they are given (<see cref="RowHash"/>) and bound to SQLite only if the row runs, so a row left
/// as it was stored costs its hashing alone.
/// </summary>
internal sealed partial class RawStatement
{
    // When the statement's rows are fingerprinted (Fingerprinted): a row's values are noted and hashed as they are given,
    // and bound only if the row runs, so a row left as it was stored costs its hashing alone (the analysis' store).
    private Deferred? deferred;

    /// <summary>
    /// From now on a row's values are noted and hashed as they are given, and bound to SQLite only if the row runs
    /// (<see cref="Run"/>), not if it is skipped (<see cref="Skip"/>); <see cref="Fingerprint"/> tells the row by them.
    /// Call it before the first row.
    /// </summary>
    public RawStatement Fingerprinted()
    {
        deferred ??= new Deferred(slots.Length);
        return this;
    }

    /// <summary>
    /// The row given now, as one 64-bit hash of every parameter's value and kind (a parameter not given counts as the
    /// NULL it will be): equal rows give equal fingerprints; two different rows the same one with a chance of 2⁻⁶⁴.
    /// </summary>
    public ulong Fingerprint()
    {
        var d = deferred ?? throw new InvalidOperationException("the statement's rows are not fingerprinted");
        var row = RowHash.Start(slots.Length);
        for (var i = 0; i < slots.Length; i++)
        {
            row = RowHash.Add(row, d.Given[i] ? d.Hashes[i] : RowHash.Null);
        }

        return row;
    }

    /// <summary>The hash a text (or NULL) given to a fingerprinted statement takes (<see cref="Fingerprint"/>).</summary>
    public static ulong HashOfText(string? value) => HashOf(value is null ? Kind.Null : Kind.Text, 0, value);

    /// <summary>The hash a whole number given to a fingerprinted statement takes.</summary>
    public static ulong HashOfInteger(long value) => HashOf(Kind.Integer, value, null);

    /// <summary>The hash a number given to a fingerprinted statement takes.</summary>
    public static ulong HashOfReal(double value) => HashOf(Kind.Real, BitConverter.DoubleToInt64Bits(value), null);

    // A value's hash by its kind: the one rule for a value given to a statement and for one hashed where its row is made.
    private static ulong HashOf(Kind kind, long bits, string? text) => kind switch
    {
        Kind.Null => RowHash.Null,
        Kind.Text => RowHash.Chars(text!),
        _ => RowHash.Number((byte)kind, bits),
    };

    /// <summary>
    /// Reset and plain again, for its next user (<see cref="StatementCache.TakeNamed"/>): its rows no longer fingerprinted,
    /// and a value given or bound but not run (a store that stopped half-way through a row) forgotten, so that a
    /// parameter the next row leaves out is NULL, as on a statement just prepared.
    /// </summary>
    public void Released()
    {
        Reset();
        deferred = null;
        Array.Clear(bound);
    }

    /// <summary>Leaves the row given now unwritten; the next row is given afresh.</summary>
    public void Skip()
    {
        if (deferred is { } d)
        {
            Array.Clear(d.Given);
        }
    }

    // Notes a fingerprinted row's value (Fingerprinted); a text is hashed once for as long as the same string is given.
    private RawStatement Defer(int parameter, Kind kind, long value, string? text = null)
    {
        var d = deferred!;
        d.Hashes[parameter] = kind == Kind.Text && d.Kinds[parameter] == Kind.Text && ReferenceEquals(d.Texts[parameter], text)
            ? d.Hashes[parameter]
            : HashOf(kind, value, text);
        d.Kinds[parameter] = kind;
        d.Bits[parameter] = value;
        d.Texts[parameter] = text;
        d.Given[parameter] = true;
        return this;
    }

    // The row that runs: its noted values bound as they would have been given.
    private void BindDeferred()
    {
        if (deferred is not { } d)
        {
            return;
        }

        for (var i = 0; i < slots.Length; i++)
        {
            if (!d.Given[i])
            {
                continue;
            }

            d.Given[i] = false;
            _ = d.Kinds[i] switch
            {
                Kind.Null => Null(i),
                Kind.Text => BindText(i, d.Texts[i]),
                Kind.Real => Holds(i, Kind.Real, d.Bits[i]) ? this
                    : Held(i, BindDouble(slots[i], BitConverter.Int64BitsToDouble(d.Bits[i])), Kind.Real, bits: d.Bits[i]),
                Kind.Integer => Holds(i, Kind.Integer, d.Bits[i]) ? this
                    : Held(i, BindInt64(slots[i], d.Bits[i]), Kind.Integer, bits: d.Bits[i]),
                _ => BindTime(i, DateTime.FromBinary(d.Bits[i])),
            };
        }
    }

    // A fingerprinted row's values as given, not yet bound.
    private sealed class Deferred(int count)
    {
        public Kind[] Kinds { get; } = new Kind[count];

        public long[] Bits { get; } = new long[count];

        public string?[] Texts { get; } = new string?[count];

        public bool[] Given { get; } = new bool[count];

        public ulong[] Hashes { get; } = new ulong[count];
    }
}
