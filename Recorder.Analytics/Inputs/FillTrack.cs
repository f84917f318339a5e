namespace QuantowerRecorder.Analytics.Inputs;

/// <summary>One symbol's fill prices in time order: the price path when the symbol has no bars.</summary>
internal sealed class FillTrack
{
    private FillTrack(long[] times, double[] prices)
    {
        Times = times;
        Prices = prices;
        Extremes = new RangeExtremes(prices, prices);
    }

    public long[] Times { get; }
    public double[] Prices { get; }
    public RangeExtremes Extremes { get; }

    /// <summary><paramref name="timeOrder"/> lists the fill indices in time order.</summary>
    public static Dictionary<string, FillTrack> BuildAll(IReadOnlyList<Fill> fills, IReadOnlyList<int> timeOrder, Func<int, bool> usable)
    {
        var times = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        var prices = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var i in timeOrder)
        {
            if (!usable(i))
            {
                continue;
            }

            var fill = fills[i];
            if (!times.TryGetValue(fill.Symbol, out var t))
            {
                t = [];
                times.Add(fill.Symbol, t);
                prices.Add(fill.Symbol, []);
            }

            t.Add(fill.TimeUtc.Ticks);
            prices[fill.Symbol].Add(fill.Price);
        }

        return times.ToDictionary(p => p.Key, p => new FillTrack(p.Value.ToArray(), prices[p.Key].ToArray()), StringComparer.Ordinal);
    }

    /// <summary>Fills with time in [from, to] as an inclusive index range; First &gt; Last when none.</summary>
    public (int First, int Last) Within(long from, long to) =>
        (BarTrack.LastAtOrBefore(Times, from - 1) + 1, BarTrack.LastAtOrBefore(Times, to));
}
