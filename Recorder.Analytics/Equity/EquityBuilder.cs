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
internal sealed class EquityBuilder
{
    private readonly Dictionary<string, int> symbols = new(StringComparer.Ordinal);
    private readonly List<double> netQuantity = [];
    private readonly List<double> mark = [];
    private readonly List<double> pointValue = [];
    private readonly Dictionary<(string, string), double> bookQuantity = [];
    private readonly List<EquityPoint> points = [];
    private readonly List<DateOnly> days = [];
    private readonly List<PointMark> marks = [];
    private readonly Instruments instruments;
    private double cash;
    private int openBooks;

    public EquityBuilder(Instruments instruments) => this.instruments = instruments;

    /// <summary>The builder holds the sweep's state: one curve per builder.</summary>
    /// <param name="effective">Per fill, the quantity that took part in trades (see TradeBuilder).</param>
    public EquityCurve Build(IReadOnlyList<Fill> fills, int[] timeOrder, double[] effective, IReadOnlyList<BarTrack> bars, RunContext context)
    {
        var initial = context.InitialBalance ?? 0.0;
        var (firstEvent, lastEvent) = EventSpan(fills, timeOrder, bars);
        var start = context.StartUtc?.Ticks ?? firstEvent;
        var end = context.EndUtc?.Ticks ?? lastEvent;
        if (start == long.MaxValue)
        {
            return new EquityCurve([], [], initial, 0, 0, 0, bars.Count > 0);
        }

        // At most a point per bar end and per fill, and the first: sized once, the lists of a long run are not grown
        // (and copied) a dozen times each.
        var most = bars.Sum(b => b.Count) + timeOrder.Length + 1;
        this.points.EnsureCapacity(most);
        this.days.EnsureCapacity(most);
        this.marks.EnsureCapacity(most);
        this.points.Add(new EquityPoint(new DateTime(start, DateTimeKind.Utc), initial, 0, null));
        this.days.Add(DateOnly.FromDateTime(new DateTime(start, DateTimeKind.Utc)));
        this.marks.Add(PointMark.None);
        var queue = new PriorityQueue<int, (long Ticks, int Rank)>();
        var next = new int[bars.Count + 1];
        for (var s = 0; s < bars.Count; s++)
        {
            queue.Enqueue(s, (bars[s].End[0], s));
        }

        if (timeOrder.Length > 0)
        {
            queue.Enqueue(bars.Count, (fills[timeOrder[0]].TimeUtc.Ticks, int.MaxValue));
        }

        var previous = start;
        long exposed = 0;
        while (queue.TryDequeue(out var source, out var at))
        {
            if (this.openBooks > 0 && at.Ticks > previous)
            {
                exposed += at.Ticks - previous;
            }

            previous = Math.Max(previous, at.Ticks);
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

        if (this.openBooks > 0 && end > previous)
        {
            exposed += end - previous;
        }

        return new EquityCurve(Drawdowns.Attach(this.points, context.InitialBalance is not null), this.days, initial, start, Math.Max(end, start), exposed, bars.Count > 0)
        {
            Marks = MarkedStrides(bars),
        };
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

    // Runs of at least two points that are consecutive bars of one stored series, evenly spaced and each ending one
    // step after its start, under one base and one factor other than 0 (compared bit for bit).
    private List<EquityMarks> MarkedStrides(IReadOnlyList<BarTrack> bars)
    {
        var strides = new List<EquityMarks>();
        var i = 0;
        while (i < this.marks.Count)
        {
            var first = this.marks[i];
            if (first.Track < 0 || first.Factor == 0 || bars[first.Track].Key is not { } key)
            {
                i++;
                continue;
            }

            var track = bars[first.Track];
            var step = track.End[first.Bar] - track.Start[first.Bar];
            var j = i + 1;
            while (j < this.marks.Count && this.marks[j] is var next && next.Track == first.Track && next.Bar == this.marks[j - 1].Bar + 1
                   && next.Base.Equals(first.Base) && next.Factor.Equals(first.Factor)
                   && track.Start[next.Bar] - track.Start[next.Bar - 1] == step && track.End[next.Bar] - track.Start[next.Bar] == step)
            {
                j++;
            }

            if (j - i >= 2 && step > 0)
            {
                strides.Add(new EquityMarks(i, j - i, key, first.Base, first.Factor, step));
            }

            i = j;
        }

        return strides;
    }

    // Which bar a point marked, under which base and factor; Track −1 for a fill's or the start's point.
    private readonly record struct PointMark(int Track, int Bar, double Base, double Factor)
    {
        public static readonly PointMark None = new(-1, -1, 0, 0);
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
