using QuantowerRecorder.Analytics.Inputs;
using QuantowerRecorder.Analytics.Trades;

namespace QuantowerRecorder.Analytics.Equity;

/// <summary>
/// Mark-to-market equity in one time-ordered sweep over fills and bar ends: cash moves with each fill's notional
/// and fee, open quantity is valued at the symbol's latest price (a bar's close at the bar's end, or a fill's
/// price). Independent of lot matching. Bars ending at the same instant as a fill are applied before it.
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
    private readonly Instruments instruments;
    private double cash;
    private double positionValue;
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

        this.points.Add(new EquityPoint(new DateTime(start, DateTimeKind.Utc), initial, 0, null));
        this.days.Add(DateOnly.FromDateTime(new DateTime(start, DateTimeKind.Utc)));
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
            DateOnly day;
            if (source < bars.Count)
            {
                // A bar's close belongs to the trading day of its stamp (its open), not to the day its end falls on.
                day = DateOnly.FromDateTime(new DateTime(bars[source].Start[index], DateTimeKind.Utc));
                Mark(bars[source].Symbol, bars[source].Close[index]);
                if (index + 1 < bars[source].Count)
                {
                    queue.Enqueue(source, (bars[source].End[index + 1], source));
                }
            }
            else
            {
                var i = timeOrder[index];
                day = DateOnly.FromDateTime(fills[i].TimeUtc);
                Apply(fills[i], effective[i]);
                if (index + 1 < timeOrder.Length)
                {
                    queue.Enqueue(source, (fills[timeOrder[index + 1]].TimeUtc.Ticks, int.MaxValue));
                }
            }

            Record(at.Ticks, initial + this.cash + this.positionValue, day);
        }

        if (this.openBooks > 0 && end > previous)
        {
            exposed += end - previous;
        }

        return new EquityCurve(Drawdowns.Attach(this.points, context.InitialBalance is not null), this.days, initial, start, Math.Max(end, start), exposed, bars.Count > 0);
    }

    private void Mark(string symbol, double price)
    {
        var s = SymbolIndex(symbol);
        this.positionValue += this.netQuantity[s] * (price - this.mark[s]) * this.pointValue[s];
        this.mark[s] = price;
    }

    private void Apply(Fill fill, double quantity)
    {
        if (quantity <= 0)
        {
            // Matched nothing (closes a position opened before recording): it neither trades nor prices anything
            // here, so it must not move the mark of another account's open position in the symbol.
            return;
        }

        Mark(fill.Symbol, fill.Price);

        var s = SymbolIndex(fill.Symbol);
        var signed = fill.Side == Side.Buy ? quantity : -quantity;
        var notional = signed * fill.Price * this.pointValue[s];
        this.cash -= notional + (fill.Fee * quantity / fill.Quantity);
        this.positionValue += notional;
        this.netQuantity[s] = Snap(this.netQuantity[s] + signed, quantity);

        var key = (fill.Symbol, fill.Account);
        var before = this.bookQuantity.GetValueOrDefault(key);
        var after = Snap(before + signed, quantity);
        this.bookQuantity[key] = after;
        this.openBooks += (after != 0 ? 1 : 0) - (before != 0 ? 1 : 0);
        if (this.openBooks == 0)
        {
            // Everything is flat: the position value is exactly zero, whatever rounding has accumulated.
            this.positionValue = 0;
        }
    }

    private void Record(long ticks, double equity, DateOnly day)
    {
        var point = new EquityPoint(new DateTime(ticks, DateTimeKind.Utc), equity, 0, null);
        if (this.points.Count > 1 && this.points[^1].TimeUtc.Ticks == ticks)
        {
            this.points[^1] = point;
            this.days[^1] = day;
        }
        else
        {
            this.points.Add(point);
            this.days.Add(day);
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
