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
    private readonly Dictionary<string, int> _symbols = new(StringComparer.Ordinal);
    private readonly List<double> _netQuantity = [];
    private readonly List<double> _mark = [];
    private readonly List<double> _pointValue = [];
    private readonly Dictionary<(string, string), double> _bookQuantity = [];
    private readonly List<EquityPoint> _points = [];
    private readonly List<DateOnly> _days = [];
    private readonly Instruments _instruments;
    private double _cash;
    private double _positionValue;
    private int _openBooks;

    private EquityBuilder(Instruments instruments) => _instruments = instruments;

    /// <param name="effective">Per fill, the quantity that took part in trades (see TradeBuilder).</param>
    public static EquityCurve Build(
        IReadOnlyList<Fill> fills,
        int[] timeOrder,
        double[] effective,
        IReadOnlyList<BarTrack> bars,
        Instruments instruments,
        RunContext context)
    {
        var builder = new EquityBuilder(instruments);
        return builder.Run(fills, timeOrder, effective, bars, context);
    }

    private EquityCurve Run(IReadOnlyList<Fill> fills, int[] timeOrder, double[] effective, IReadOnlyList<BarTrack> bars, RunContext context)
    {
        var initial = context.InitialBalance ?? 0.0;
        var (firstEvent, lastEvent) = EventSpan(fills, timeOrder, bars);
        var start = context.StartUtc?.Ticks ?? firstEvent;
        var end = context.EndUtc?.Ticks ?? lastEvent;
        if (start == long.MaxValue)
        {
            return new EquityCurve([], [], initial, 0, 0, 0, bars.Count > 0);
        }

        _points.Add(new EquityPoint(new DateTime(start, DateTimeKind.Utc), initial, 0, null));
        _days.Add(DateOnly.FromDateTime(new DateTime(start, DateTimeKind.Utc)));
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
            if (_openBooks > 0 && at.Ticks > previous)
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

            Record(at.Ticks, initial + _cash + _positionValue, day);
        }

        if (_openBooks > 0 && end > previous)
        {
            exposed += end - previous;
        }

        return new EquityCurve(Drawdowns.Attach(_points, context.InitialBalance is not null), _days, initial, start, Math.Max(end, start), exposed, bars.Count > 0);
    }

    private void Mark(string symbol, double price)
    {
        var s = SymbolIndex(symbol);
        _positionValue += _netQuantity[s] * (price - _mark[s]) * _pointValue[s];
        _mark[s] = price;
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
        var notional = signed * fill.Price * _pointValue[s];
        _cash -= notional + (fill.Fee * quantity / fill.Quantity);
        _positionValue += notional;
        _netQuantity[s] = Snap(_netQuantity[s] + signed, quantity);

        var key = (fill.Symbol, fill.Account);
        var before = _bookQuantity.GetValueOrDefault(key);
        var after = Snap(before + signed, quantity);
        _bookQuantity[key] = after;
        _openBooks += (after != 0 ? 1 : 0) - (before != 0 ? 1 : 0);
        if (_openBooks == 0)
        {
            // Everything is flat: the position value is exactly zero, whatever rounding has accumulated.
            _positionValue = 0;
        }
    }

    private void Record(long ticks, double equity, DateOnly day)
    {
        var point = new EquityPoint(new DateTime(ticks, DateTimeKind.Utc), equity, 0, null);
        if (_points.Count > 1 && _points[^1].TimeUtc.Ticks == ticks)
        {
            _points[^1] = point;
            _days[^1] = day;
        }
        else
        {
            _points.Add(point);
            _days.Add(day);
        }
    }

    private int SymbolIndex(string symbol)
    {
        if (!_symbols.TryGetValue(symbol, out var s))
        {
            s = _symbols.Count;
            _symbols.Add(symbol, s);
            _netQuantity.Add(0);
            _mark.Add(0);
            _pointValue.Add(_instruments.PointValue(symbol));
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
