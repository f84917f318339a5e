using QuantowerRecorder.Analytics.Inputs;

namespace QuantowerRecorder.Analytics.Equity;

/// <summary>
/// A builder that goes on from an earlier sweep of the same run (<see cref="EquitySweep"/>), and what a sweep leaves for
/// the next.
/// </summary>
internal sealed partial class EquityBuilder
{
    // The sweep as it stood before its first event at or after the earliest of the tracks' last bar ends (null until then).
    private EquityBuilder? held;

    // The points, days and marks of the shared lists that are this builder's: all of them, but for a held builder.
    private readonly int own = -1;

    private int Own => this.own < 0 ? this.points.Count : this.own;

    // The sweep as it stands now, held while `earlier` goes on: its small state copied, its lists shared, of which only the
    // entries there now are its. Once held, `earlier` only appends to them, but for the drawdowns it attaches at its end,
    // the same as this one's: so a long run's last bars are not followed by a copy of every point (a large object the
    // collector pays for at each analysis). The drawdowns of its points but the last are attached now (each depends on
    // the points before it alone, and a builder going on from this one sweeps only events after its last point): that
    // builder attaches from there on, not every point of the run again.
    private EquityBuilder(EquityBuilder earlier, bool hasInitialBalance)
        : this(earlier.instruments)
    {
        CopyState(earlier);
        (this.points, this.days, this.marks, this.own) = (earlier.points, earlier.days, earlier.marks, earlier.points.Count);
        var settled = Math.Max(this.attached, this.own - 1);
        this.peak = Drawdowns.Attach(this.points, hasInitialBalance, this.attached, this.peak, settled);
        this.attached = settled;
    }

    /// <summary>The first point whose drawdown this builder's curve had to attach: those before had theirs from the sweep it went on from (tests).</summary>
    public int AttachedFrom { get; private set; }

    // A builder that goes on from where `earlier` is, with its own points, days and marks: those it never writes shared
    // with `earlier`'s (the chunks before the first point whose drawdown it attaches), the rest copied. The curve
    // `earlier` gave never changes.
    private EquityBuilder(Instruments instruments, EquityBuilder earlier)
        : this(instruments)
    {
        Continued = true;
        CopyState(earlier);
        var (count, writeFrom) = (earlier.Own, Math.Min(earlier.attached, earlier.Own - 1));
        this.points = earlier.points.Continue(count, writeFrom);
        this.days = earlier.days.Continue(count, writeFrom);
        this.marks = earlier.marks.Continue(count, writeFrom);
    }

    private void CopyState(EquityBuilder earlier)
    {
        foreach (var (symbol, s) in earlier.symbols)
        {
            this.symbols.Add(symbol, s);
        }

        this.netQuantity.AddRange(earlier.netQuantity);
        this.mark.AddRange(earlier.mark);
        this.pointValue.AddRange(earlier.pointValue);
        foreach (var (book, quantity) in earlier.bookQuantity)
        {
            this.bookQuantity.Add(book, quantity);
        }

        this.strides.AddRange(earlier.strides);
        (this.cash, this.openBooks, this.start, this.previous, this.exposed, this.swept, this.next) =
            (earlier.cash, earlier.openBooks, earlier.start, earlier.previous, earlier.exposed, earlier.swept, (int[])earlier.next.Clone());
        (this.attached, this.peak, this.strideScan) = (earlier.attached, earlier.peak, earlier.strideScan);
    }

    /// <summary>
    /// A builder for the curve of these events: one that goes on from <paramref name="earlier"/>'s sweep where that swept
    /// a beginning of them (<see cref="EquitySweep.Continues"/>), else a new one. Either gives the same curve, bit for bit.
    /// </summary>
    public static EquityBuilder For(Instruments instruments, EquitySweep? earlier, IReadOnlyList<Fill> fills, int[] timeOrder, double[] effective,
        IReadOnlyList<BarTrack> bars, RunContext context) =>
        earlier is not null && earlier.Continues(instruments, fills, timeOrder, effective, bars, context)
            ? new EquityBuilder(instruments, earlier.Builder)
            : new EquityBuilder(instruments);

    /// <summary>It went on from an earlier builder's sweep.</summary>
    public bool Continued { get; }

    /// <summary>
    /// The sweep as it stood before the first event at or after the earliest end of a track's last bar, once built: each
    /// track's last bar may still be forming (a live run's, whose close moves until it closes), so the run's next analysis
    /// goes on from before it. The builder itself when it has no bars.
    /// </summary>
    public EquityBuilder Held => this.held ?? this;

    /// <summary>The newest event time swept (long.MinValue before any).</summary>
    public long Swept => this.swept;

    /// <summary>Each symbol swept, with the point value its amounts were computed with.</summary>
    public IEnumerable<(string Symbol, double PointValue)> PointValues => this.symbols.Select(p => (p.Key, this.pointValue[p.Value]));

    /// <summary>How many of each source were swept: each track's bars, then the fills.</summary>
    public IReadOnlyList<int> SweptCounts => this.next;
}
