namespace TradingPlatform.BusinessLayer.StandIn;

/// <summary>
/// The history served to <see cref="Symbol.GetHistory(HistoryRequestParameters)"/>: the bars a test gave a connection
/// and, as a vendor's history holds what traded, time bars built from the ticks pushed so far
/// (<see cref="StandInHistory.PushTick"/>); a bar the test gave takes the trades pushed within it.
/// </summary>
internal sealed class HistoryProvider
{
    private readonly object sync = new();
    private readonly Dictionary<(string SymbolId, Period Period), List<IHistoryItem>> items = [];
    private readonly Dictionary<string, List<(long Ticks, double Price, double Volume)>> traded = [];

    internal void Set(Symbol symbol, Period period, IEnumerable<IHistoryItem> history)
    {
        lock (this.sync)
        {
            this.items[(symbol.Id, period)] = [.. history.OrderBy(i => i.TicksLeft)];
        }
    }

    /// <summary>A tick traded on the symbol (called on its connection's thread, in time order).</summary>
    internal void Traded(Symbol symbol, DateTime timeUtc, double price, double volume)
    {
        lock (this.sync)
        {
            if (!this.traded.TryGetValue(symbol.Id, out var ticks))
            {
                this.traded[symbol.Id] = ticks = [];
            }

            ticks.Add((timeUtc.Ticks, price, volume));
        }
    }

    /// <summary>Clones of the bars whose start is in [FromTime, ToTime] (ToTime default = open-ended), oldest first.</summary>
    internal IHistoryItem[] Load(HistoryRequestParameters request)
    {
        var period = (request.Aggregation as HistoryAggregationTime)?.Period ?? default;
        if (request.Symbol == null)
        {
            return [];
        }

        var from = request.FromTime.Ticks;
        var to = request.ToTime == default ? long.MaxValue : request.ToTime.Ticks;
        lock (this.sync)
        {
            var bars = new SortedDictionary<long, IHistoryItem>();
            if (this.items.TryGetValue((request.Symbol.Id, period), out var stored))
            {
                foreach (var item in stored)
                {
                    bars[item.TicksLeft] = (IHistoryItem)item.Clone();
                }
            }

            foreach (var built in this.Built(request.Symbol.Id, period))
            {
                bars[built.TicksLeft] = bars.TryGetValue(built.TicksLeft, out var given) ? Traded(given, built) : built;
            }

            return [.. bars.Values.Where(i => i.TicksLeft >= from && i.TicksLeft <= to)];
        }
    }

    // A bar the test gave, then the trades pushed within it (as a live tick updates it).
    private static IHistoryItem Traded(IHistoryItem given, HistoryItemBar built)
    {
        if (given is not HistoryItemBar bar)
        {
            return given;
        }

        bar.Open = double.IsNaN(bar.Open) ? built.Open : bar.Open;
        bar.High = double.IsNaN(bar.High) ? built.High : Math.Max(bar.High, built.High);
        bar.Low = double.IsNaN(bar.Low) ? built.Low : Math.Min(bar.Low, built.Low);
        bar.Close = built.Close;
        bar.Volume += built.Volume;
        bar.Ticks += built.Ticks;
        return bar;
    }

    private IEnumerable<HistoryItemBar> Built(string symbolId, Period period)
    {
        if (period.Ticks <= 0 || !this.traded.TryGetValue(symbolId, out var ticks))
        {
            yield break;
        }

        HistoryItemBar bar = null;
        foreach (var (time, price, volume) in ticks)
        {
            var start = StandInHistory.AlignedStart(new DateTime(time, DateTimeKind.Utc), period);
            if (bar is null || bar.TicksLeft != start.Ticks)
            {
                if (bar is not null)
                {
                    yield return bar;
                }

                bar = StandInHistory.Bar(start, period, price, price, price, price, volume);
                bar.Ticks = 1;
                continue;
            }

            bar.High = Math.Max(bar.High, price);
            bar.Low = Math.Min(bar.Low, price);
            bar.Close = price;
            bar.Volume += volume;
            bar.Ticks++;
        }

        if (bar is not null)
        {
            yield return bar;
        }
    }
}
