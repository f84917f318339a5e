using QuantowerRecorder.Analytics.Inputs;
using QuantowerRecorder.Analytics.Trades;

namespace QuantowerRecorder.Analytics.Equity;

/// <summary>
/// Mark-to-market equity in one time-ordered sweep over fills and bar ends: cash moves with each fill's notional
/// and fee, open quantity is valued at the symbol's latest price (a bar's close at the bar's end, or a fill's
/// price). Independent of lot matching. Bars ending at the same instant as a fill are applied before it.
/// A point's equity is computed whole each time, as the initial balance and cash plus every other symbol's open
/// quantity × point value × price (its base), plus its own symbol's open quantity × point value (its factor) × price:
/// so a stride of bar closes under one position is exactly base + factor × close, and a store can keep it as that
/// (<see cref="EquityMarks"/>) and give the same numbers back.
/// </summary>
internal sealed partial class EquityBuilder
{
    private readonly Dictionary<string, int> symbols = new(StringComparer.Ordinal);
    private readonly List<double> netQuantity = [];
    private readonly List<double> mark = [];
    private readonly List<double> pointValue = [];
    private readonly Dictionary<(string, string), double> bookQuantity = [];
    // A held builder (Held) shares these with the builder it was taken from, of which the first `own` are its.
    private readonly ChunkedList<EquityPoint> points = new();
    private readonly ChunkedList<DateOnly> days = new();
    private readonly ChunkedList<PointMark> marks = new();
    private readonly Instruments instruments;
    private double cash;
    private int openBooks;

    // Where the sweep is (a builder that continues one goes on from there): its first point's time (long.MaxValue before
    // it began), the latest time reached and the exposed time up to it, the newest event swept, and per source (each
    // track's bars, then the fills in time order) how many were swept.
    private long start = long.MaxValue;
    private long previous;
    private long exposed;
    private long swept = long.MinValue;
    private int[] next = [];

    // The points whose drawdowns are attached, and their peak.
    private int attached;
    private double peak = double.NegativeInfinity;

    public EquityBuilder(Instruments instruments) => this.instruments = instruments;

    /// <summary>
    /// The builder holds the sweep's state: one curve per builder (a builder made by <see cref="For"/> goes on from the sweep
    /// it continues, over the events after it).
    /// </summary>
    /// <param name="effective">Per fill, the quantity that took part in trades (see TradeBuilder).</param>
    public EquityCurve Build(IReadOnlyList<Fill> fills, int[] timeOrder, double[] effective, IReadOnlyList<BarTrack> bars, RunContext context)
    {
        var initial = context.InitialBalance ?? 0.0;
        var (firstEvent, lastEvent) = EventSpan(fills, timeOrder, bars);
        var end = context.EndUtc?.Ticks ?? lastEvent;
        if (this.start == long.MaxValue)
        {
            var begin = context.StartUtc?.Ticks ?? firstEvent;
            if (begin == long.MaxValue)
            {
                return new EquityCurve([], [], initial, 0, 0, 0, bars.Count > 0);
            }

            Begin(begin, initial, Most(bars, timeOrder), bars.Count + 1);
        }

        var start = this.start;
        AttachedFrom = this.attached;
        var queue = new PriorityQueue<int, (long Ticks, int Rank)>();
        var next = this.next;
        for (var s = 0; s < bars.Count; s++)
        {
            if (next[s] < bars[s].Count)
            {
                queue.Enqueue(s, (bars[s].End[next[s]], s));
            }
        }

        if (next[bars.Count] < timeOrder.Length)
        {
            queue.Enqueue(bars.Count, (fills[timeOrder[next[bars.Count]]].TimeUtc.Ticks, int.MaxValue));
        }

        var hold = bars.Count == 0 ? long.MaxValue : bars.Min(t => t.End[^1]);
        while (queue.TryDequeue(out var source, out var at))
        {
            if (this.held is null && at.Ticks >= hold)
            {
                this.held = new EquityBuilder(this, context.InitialBalance is not null);
                // The held sweep attached the drawdowns of the points it shares but its last, which this one never changes
                // (it only appends, or replaces its last point): its own attach goes on from there.
                (this.attached, this.peak) = (this.held.attached, this.held.peak);
            }

            if (this.openBooks > 0 && at.Ticks > this.previous)
            {
                this.exposed += at.Ticks - this.previous;
            }

            this.previous = Math.Max(this.previous, at.Ticks);
            this.swept = at.Ticks;
            var index = next[source]++;
            if (source < bars.Count)
            {
                // A bar's close belongs to the trading day of its stamp (its open), not to the day its end falls on.
                var day = DateOnly.FromDateTime(new DateTime(bars[source].Start[index], DateTimeKind.Utc));
                var s = SymbolIndex(bars[source].Symbol);
                this.mark[s] = bars[source].Close[index];
                var (baseValue, factor) = (Base(initial, s), this.netQuantity[s] * this.pointValue[s]);
                Record(at.Ticks, baseValue + factor * this.mark[s], day, new PointMark(source, index, baseValue, factor));
                if (index + 1 < bars[source].Count)
                {
                    queue.Enqueue(source, (bars[source].End[index + 1], source));
                }
            }
            else
            {
                var i = timeOrder[index];
                Apply(fills[i], effective[i]);
                if (index + 1 < timeOrder.Length)
                {
                    queue.Enqueue(source, (fills[timeOrder[index + 1]].TimeUtc.Ticks, int.MaxValue));
                }

                var s = SymbolIndex(fills[i].Symbol);
                Record(at.Ticks, Base(initial, s) + this.netQuantity[s] * this.pointValue[s] * this.mark[s], DateOnly.FromDateTime(fills[i].TimeUtc), PointMark.None);
            }
        }

        // To the run's end, for this curve only: a builder that goes on sweeps from the last event.
        var exposed = this.exposed + (this.openBooks > 0 && end > this.previous ? end - this.previous : 0);
        // The points this builder went on from have their drawdowns (peak: theirs), and so keep them.
        this.peak = Drawdowns.Attach(this.points, context.InitialBalance is not null, this.attached, this.peak);
        this.attached = this.points.Count;
        return new EquityCurve(this.points, this.days, initial, start, Math.Max(end, start), exposed, bars.Count > 0)
        {
            Marks = MarkedStrides(bars),
        };
    }

    // At most a point per bar end and per fill, and the first: the lists' first chunks are sized once, so those of a
    // short run are not grown (and copied) a dozen times each.
    private static int Most(IReadOnlyList<BarTrack> bars, int[] timeOrder) => bars.Sum(b => b.Count) + timeOrder.Length + 1;

    // The sweep's first point.
    private void Begin(long begin, double initial, int most, int sources)
    {
        this.start = this.previous = begin;
        this.next = new int[sources];
        this.points.EnsureCapacity(most);
        this.days.EnsureCapacity(most);
        this.marks.EnsureCapacity(most);
        this.points.Add(new EquityPoint(new DateTime(begin, DateTimeKind.Utc), initial, 0, null));
        this.days.Add(DateOnly.FromDateTime(new DateTime(begin, DateTimeKind.Utc)));
        this.marks.Add(PointMark.None);
    }

    // The initial balance and cash, plus every symbol's open position but symbol s's, at its latest price.
    private double Base(double initial, int s)
    {
        var value = initial + this.cash;
        for (var t = 0; t < this.netQuantity.Count; t++)
        {
            if (t != s && this.netQuantity[t] != 0)
            {
                value += this.netQuantity[t] * this.pointValue[t] * this.mark[t];
            }
        }

        return value;
    }

    private void Apply(Fill fill, double quantity)
    {
        if (quantity <= 0)
        {
            // Matched nothing (closes a position opened before recording): it neither trades nor prices anything
            // here, so it must not move the mark of another account's open position in the symbol.
            return;
        }

        var s = SymbolIndex(fill.Symbol);
        this.mark[s] = fill.Price;
        var signed = fill.Side == Side.Buy ? quantity : -quantity;
        var notional = signed * fill.Price * this.pointValue[s];
        this.cash -= notional + (fill.Fee * quantity / fill.Quantity);
        this.netQuantity[s] = Snap(this.netQuantity[s] + signed, quantity);

        var key = (fill.Symbol, fill.Account);
        var before = this.bookQuantity.GetValueOrDefault(key);
        var after = Snap(before + signed, quantity);
        this.bookQuantity[key] = after;
        this.openBooks += (after != 0 ? 1 : 0) - (before != 0 ? 1 : 0);
        if (this.openBooks == 0)
        {
            // Everything is flat: no open quantity is left, whatever rounding has accumulated.
            for (var t = 0; t < this.netQuantity.Count; t++)
            {
                this.netQuantity[t] = 0;
            }
        }
    }

    private void Record(long ticks, double equity, DateOnly day, PointMark mark)
    {
        var point = new EquityPoint(new DateTime(ticks, DateTimeKind.Utc), equity, 0, null);
        if (this.points.Count > 1 && this.points[^1].TimeUtc.Ticks == ticks)
        {
            this.points[^1] = point;
            this.days[^1] = day;
            this.marks[^1] = mark;
        }
        else
        {
            this.points.Add(point);
            this.days.Add(day);
            this.marks.Add(mark);
        }
    }

    private int SymbolIndex(string symbol)
    {
        if (!this.symbols.TryGetValue(symbol, out var s))
        {
            s = this.symbols.Count;
            this.symbols.Add(symbol, s);
            this.netQuantity.Add(0);
            this.mark.Add(0);
            this.pointValue.Add(this.instruments.PointValue(symbol));
        }

        return s;
    }

    private static double Snap(double value, double scale) =>
        Math.Abs(value) <= Quantities.Epsilon * scale ? 0 : value;

    private static (long First, long Last) EventSpan(IReadOnlyList<Fill> fills, int[] timeOrder, IReadOnlyList<BarTrack> bars)
    {
        long first = long.MaxValue, last = long.MinValue;
        if (timeOrder.Length > 0)
        {
            first = fills[timeOrder[0]].TimeUtc.Ticks;
            last = fills[timeOrder[^1]].TimeUtc.Ticks;
        }

        foreach (var track in bars)
        {
            first = Math.Min(first, track.Start[0]);
            last = Math.Max(last, track.End[^1]);
        }

        return (first, last);
    }
}
